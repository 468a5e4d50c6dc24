import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrendChart } from '../../shared/api/trends';
import { chartCsv, chartRows, csvText } from './csv';

// CSV as RFC 4180 says, checked by reading it back with another library (csv-parse): any text in any
// field, commas, quotes, CR, LF and non-ASCII included, comes back the same.

describe('trend CSV', () => {
  it('reads back field for field, whatever the fields hold', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ',', '"', '\r', '\n', ' ', 'é', '€', '日', '\u{1F600}', ';', "'", '=') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })), (rows) => {
        const text = csvText(rows);
        expect(text.endsWith('\r\n')).toBe(true);
        expect(parse(Buffer.from(text, 'utf8'), { encoding: 'utf8', record_delimiter: '\r\n', relax_column_count: false })).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes only what needs it and writes categories by series, with each value’s basis', () => {
    const chart: TrendChart = {
      id: 'x', group: 'g', title: 't', definition: 'd', unit: 'percent', kind: 'line',
      categories: ['2026-Q1', 'Audit "spring", 2026'],
      series: [{ name: 'Failure rate', values: [12.5, null], basis: [8, 0] }, { name: 'B', values: [1, 2], basis: [3, 4] }],
    };
    expect(chartRows(chart)[0]).toEqual(['Period', 'Failure rate (percent)', 'Failure rate basis', 'B (percent)', 'B basis']);
    expect(chartCsv(chart)).toBe('Period,Failure rate (percent),Failure rate basis,B (percent),B basis\r\n2026-Q1,12.5,8,1,3\r\n"Audit ""spring"", 2026",,0,2,4\r\n');
  });
});
