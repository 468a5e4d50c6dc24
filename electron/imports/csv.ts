// RFC 4180 CSV (quoted fields may hold commas, quotes and line ends), with the line each row starts and ends on.

export interface CsvRow { cells: string[]; first: number; last: number }

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let first = 1;
  let started = false;
  const endRow = (last: number) => {
    cells.push(cell);
    if (started || cells.length > 1 || cell !== '') rows.push({ cells, first, last });
    cells = [];
    cell = '';
    started = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      started = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      started = true;
    } else if (ch === '\n') {
      endRow(line);
      line += 1;
      first = line;
    } else if (ch !== '\r') {
      cell += ch;
      started = true;
    }
  }
  if (started || cell !== '' || cells.length > 0) endRow(line);
  return rows;
}
