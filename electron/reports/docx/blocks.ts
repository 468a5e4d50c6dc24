import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { barRun, hex, inherited, inlineRuns, ownStyle, plainText, type RunStyle, type StyleSheet } from './inline';

// The report's pdfmake content tree as Word blocks, in one pass, so the DOCX has exactly the sections,
// headings, tables, lists and images of the PDF: every section is written once (the pdfmake document)
// and read here. A bookmark of the PDF's outline is a Word heading (level 1 for a section, 2 for what
// is nested under one), so Word's navigation pane lists what the PDF's bookmarks list.

export type Block = Paragraph | Table | TableOfContents;

/** An image of the document's `images` dictionary: the JPEG and its pixel size at print resolution. */
export interface DocxImage {
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface ConvertContext {
  styles: StyleSheet;
  images: Map<string, DocxImage>;
  /** The width text runs across, in points: what a table's '*' columns share. */
  contentWidth: number;
  /** Numbered lists counted so far: each starts again at its own number. */
  lists: { next: number };
}

export const NUMBERED = 'report-numbered';

const POINTS_TO_PIXELS = 96 / 72;

type Node = Record<string, unknown>;

/** What Word heading a node is, if any: the PDF's bookmarks, the title, and the headings under a section. */
function headingOf(node: Node): (typeof HeadingLevel)[keyof typeof HeadingLevel] | undefined {
  if (node.outline === true) return node.outlineParentId ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1;
  const names = Array.isArray(node.style) ? node.style : [node.style];
  if (names.includes('h1')) return HeadingLevel.TITLE;
  if (names.includes('h2') || names.includes('h3')) return HeadingLevel.HEADING_3;
  return undefined;
}

const alignments = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER, justify: AlignmentType.JUSTIFIED } as const;

function paragraph(children: ParagraphChild[], node: Node, extra: Record<string, unknown> = {}): Paragraph {
  const heading = headingOf(node);
  const alignment = typeof node.alignment === 'string' ? alignments[node.alignment as keyof typeof alignments] : undefined;
  const margin = Array.isArray(node.margin) ? (node.margin as number[]) : [];
  return new Paragraph({
    children,
    ...(heading ? { heading } : {}),
    ...(alignment ? { alignment } : {}),
    ...(margin.length === 4 ? { spacing: { before: Math.round((margin[1] ?? 0) * 20), after: Math.round((margin[3] ?? 0) * 20) } } : {}),
    ...(node.pageBreak === 'before' ? { pageBreakBefore: true } : {}),
    ...extra,
  });
}

/** One node of content as Word blocks; `style` is what it inherits from the nodes it sits in. */
export function convert(content: unknown, style: RunStyle, context: ConvertContext): Block[] {
  if (content === '' || content === null || content === undefined) return [];
  if (typeof content === 'string' || typeof content === 'number') return [new Paragraph({ children: inlineRuns(String(content), style, context.styles) })];
  if (Array.isArray(content)) return content.flatMap((c) => convert(c, style, context));
  if (typeof content !== 'object') return [];
  const node = content as Node;
  const own = inherited(style, node, context.styles);
  const after = node.pageBreak === 'after' ? [new Paragraph({ children: [], pageBreakBefore: true })] : [];
  if (node.toc) return [...contentsOf(node.toc as Node, context), ...after];
  if (Array.isArray(node.stack)) return [...convert(node.stack, own, context), ...after];
  if (Array.isArray(node.columns)) return [...columns(node.columns, own, context), ...after];
  if (node.table && typeof node.table === 'object') return [table(node.table as Node, own, context), ...after];
  if (Array.isArray(node.ul) || Array.isArray(node.ol)) return [...list(node, own, context), ...after];
  if (typeof node.image === 'string') return [...image(node, context), ...after];
  if (node.canvas) return [paragraph(barRun(node.canvas), node)];
  if (node.text !== undefined) {
    // An empty text that only breaks the page is the page break.
    if (node.text === '' && after.length) return after;
    return [paragraph(inlineRuns(node.text, own, context.styles), node), ...after];
  }
  return after;
}

/** The printed contents: its title, and Word's own table of contents over the sections (Word fills it in on opening). */
function contentsOf(toc: Node, context: ConvertContext): Block[] {
  const title = (toc.title ?? { text: 'Contents' }) as Node;
  return [
    new Paragraph({ children: inlineRuns(title.text ?? 'Contents', { ...ownStyle(title, context.styles), bold: true, fontSize: 15 }, context.styles), spacing: { after: 160 } }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
  ];
}

/** Cells of one row, as Word cells: a cell spanning columns is one cell, and the placeholders after it are skipped. */
function cellsOf(row: unknown[], widths: number[], header: boolean, style: RunStyle, context: ConvertContext): TableCell[] {
  const cells: TableCell[] = [];
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const node: Node = cell && typeof cell === 'object' && !Array.isArray(cell) ? (cell as Node) : {};
    const span = typeof node.colSpan === 'number' && node.colSpan > 1 ? Math.min(node.colSpan, row.length - i) : 1;
    const own = inherited(style, node, context.styles);
    const fill = hex(own.fillColor ?? (header ? context.styles.th?.fillColor : undefined));
    const blocks = convert(cell, header ? { ...style, bold: true } : style, context).filter((b): b is Paragraph | Table => !(b instanceof TableOfContents));
    const width = widths.slice(i, i + span).reduce((a, b) => a + b, 0);
    cells.push(
      new TableCell({
        children: blocks.length ? blocks : [new Paragraph({ children: [] })],
        width: { size: Math.round(width * 20), type: WidthType.DXA },
        ...(span > 1 ? { columnSpan: span } : {}),
        ...(fill ? { shading: { type: ShadingType.CLEAR, fill, color: 'auto' } } : {}),
      }),
    );
    i += span - 1;
  }
  return cells;
}

/** pdfmake's widths in points: numbers as given, '*' and 'auto' sharing what is left. */
function columnWidths(widths: unknown, count: number, total: number): number[] {
  const given = Array.isArray(widths) ? widths : [];
  const list = Array.from({ length: count }, (_, i) => given[i] ?? '*');
  const fixed = list.reduce((n: number, w) => n + (typeof w === 'number' ? w : 0), 0);
  const shared = list.filter((w) => typeof w !== 'number').length;
  const each = shared ? Math.max(40, (total - fixed) / shared) : 0;
  return list.map((w) => (typeof w === 'number' ? w : each));
}

/** A table as a Word table whose header rows repeat on every page and whose rows never split. */
function table(spec: Node, style: RunStyle, context: ConvertContext): Table {
  const body = (Array.isArray(spec.body) ? spec.body : []).filter(Array.isArray) as unknown[][];
  const count = Math.max(1, ...body.map((r) => r.length));
  const widths = columnWidths(spec.widths, count, context.contentWidth);
  const headerRows = typeof spec.headerRows === 'number' ? spec.headerRows : 0;
  const rows = body.map((row, i) => new TableRow({ children: cellsOf(row, widths, i < headerRows, style, context), ...(i < headerRows ? { tableHeader: true } : {}), cantSplit: true }));
  return new Table({ rows: rows.length ? rows : [new TableRow({ children: [new TableCell({ children: [new Paragraph({ children: [] })] })] })], columnWidths: widths.map((w) => Math.round(w * 20)), width: { size: 100, type: WidthType.PERCENTAGE } });
}

/** Columns side by side: a table with one row and no borders. */
function columns(cols: unknown[], style: RunStyle, context: ConvertContext): Block[] {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const widths = columnWidths(cols.map((c) => (c && typeof c === 'object' && !Array.isArray(c) ? (c as Node).width : '*')), cols.length, context.contentWidth);
  return [
    new Table({
      rows: [new TableRow({ children: cellsOf(cols, widths, false, style, context) })],
      columnWidths: widths.map((w) => Math.round(w * 20)),
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    }),
  ];
}

/** A bulleted or numbered list; a numbered one starts at its own `start` (a list cut in two goes on counting). */
function list(node: Node, style: RunStyle, context: ConvertContext): Block[] {
  const numbered = Array.isArray(node.ol);
  const items = (numbered ? node.ol : node.ul) as unknown[];
  const instance = context.lists.next++;
  return items.flatMap((item) => {
    const itemNode: Node = item && typeof item === 'object' && !Array.isArray(item) ? (item as Node) : { text: item };
    const blocks = convert(itemNode.text !== undefined ? { ...itemNode, stack: undefined } : itemNode, style, context);
    const [first, ...rest] = blocks;
    if (!(first instanceof Paragraph) || itemNode.text === undefined) return blocks;
    const marker = numbered ? { numbering: { reference: NUMBERED, level: 0, instance } } : { bullet: { level: 0 } };
    return [new Paragraph({ children: inlineRuns(itemNode.text, inherited(style, itemNode, context.styles), context.styles), ...marker }), ...rest];
  });
}

/** An image of the dictionary, fitted in its box as the PDF prints it. */
function image(node: Node, context: ConvertContext): Block[] {
  const found = context.images.get(node.image as string);
  if (!found) return [];
  const box = Array.isArray(node.fit) ? (node.fit as number[]) : [context.contentWidth, context.contentWidth];
  const scale = Math.min(1, (box[0] ?? 1) / found.width, (box[1] ?? 1) / found.height);
  const points = { width: found.width * scale, height: found.height * scale };
  return [
    paragraph([new ImageRun({ type: 'jpg', data: found.jpeg, transformation: { width: Math.round(points.width * POINTS_TO_PIXELS), height: Math.round(points.height * POINTS_TO_PIXELS) }, altText: { name: node.image as string, description: 'Evidence thumbnail', title: 'Evidence' } })], node),
  ];
}

/** The words of a node, for headers and footers made from the PDF's. */
export function textOf(node: unknown): string {
  if (!node || typeof node !== 'object') return plainText(node);
  const n = node as Node;
  if (Array.isArray(n.columns)) return n.columns.map(textOf).filter(Boolean).join(' · ');
  if (Array.isArray(n.stack)) return n.stack.map(textOf).join(' ');
  return plainText(n.text);
}
