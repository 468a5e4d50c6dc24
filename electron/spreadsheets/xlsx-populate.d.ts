// xlsx-populate (a devDependency: the second library the tests open the app's XLSX with) ships no
// types: the little the tests read of it.
declare module 'xlsx-populate' {
  interface Cell {
    value(): unknown;
    style(name: string): unknown;
  }
  interface Sheet {
    name(): string;
    cell(address: string): Cell;
    column(name: string): { width(): number | undefined };
    panes(): { state: string; ySplit: number } | undefined;
    usedRange(): { endCell(): { rowNumber(): number; columnNumber(): number } } | undefined;
    /** The sheet's parsed XML, where its autoFilter element is kept as read. */
    _node: { children: Array<{ name: string; attributes: Record<string, string> }> };
  }
  namespace XlsxPopulate {
    export type { Sheet, Workbook };
  }
  interface Workbook {
    sheets(): Sheet[];
    sheet(name: string): Sheet | undefined;
  }
  const XlsxPopulate: { fromDataAsync(data: Buffer): Promise<Workbook> };
  export = XlsxPopulate;
}
