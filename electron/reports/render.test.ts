import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { joinRuns, renderPdf, renderPdfToFile } from './render';

// The report is laid out as pdfmake lays it out, each placed line's alike words joined into one run: the
// same words at the same places, in far fewer text operations (and far fewer objects kept until the end).

const sentence = (n: number) => `Sentence ${n}: the change record, the deployment log and the approval trail were compared line by line and did not agree.`;

/** A document with what a report prints: long paragraphs, styled words in a line, a link, a page reference, justified text, header and footer. */
function documentOf(): Record<string, unknown> {
  return {
    compress: false,
    pageSize: 'A4',
    pageMargins: [48, 60, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25 },
    header: (page: number) => ({ text: `Header of page ${page}`, alignment: 'right', margin: [48, 24, 48, 0] }),
    footer: (page: number, pages: number) => ({ columns: [{ text: 'Report RA-TEST · Internal', width: '*' }, { text: `Page ${page} of ${pages}`, width: 'auto', alignment: 'right' }], margin: [48, 16, 48, 0] }),
    content: [
      { text: 'Contents', bold: true },
      { text: ['The findings start on page ', { pageReference: 'findings' }, '.'] },
      { text: 'Findings', id: 'findings', fontSize: 15, bold: true, pageBreak: 'before' },
      ...Array.from({ length: 40 }, (_, i) => ({
        text: [{ text: `Criteria ${i + 1}: `, bold: true }, sentence(i), ' ', { text: 'in red', color: '#b3261e' }, ' then ', { text: 'a link', link: 'https://example.invalid/' }, ' and ', sentence(i + 100)],
        margin: [0, 2, 0, 0],
      })),
      { text: Array.from({ length: 6 }, (_, i) => sentence(i)).join(' '), alignment: 'justify' },
      { text: 'SHA-256 1cf6066a22adb6c07dab724f3b3b75301a45f5bfd07259eab0a02eba7053d834', fontSize: 8 },
    ],
  };
}

/** Every word poppler reads, with its page and box (rounded to a hundredth of a point). */
function words(file: string): string[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out: string[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<\/word>/g)) {
    if (m[0] === '<page') page += 1;
    else out.push([page, ...[m[1], m[2], m[3], m[4]].map((v) => Number(v).toFixed(1)), m[5]].join(' '));
  }
  return out;
}

const textOperations = (pdf: Buffer) => pdf.toString('latin1').split('\nBT\n').length - 1;

describe('laying a report out', () => {
  it('prints the same words at the same places as pdfmake alone, in far fewer text operations', async () => {
    const dir = tempDir();
    const alone = path.join(dir, 'pdfmake.pdf');
    const joined = path.join(dir, 'report.pdf');
    fs.writeFileSync(alone, await renderPdf(documentOf()));
    await renderPdfToFile(documentOf(), joined);
    const expected = words(alone);
    expect(expected.length).toBeGreaterThan(2000);
    expect(words(joined)).toEqual(expected);
    // The page reference, the footer's page count, the link and the justified lines are all still there.
    expect(expected.some((w) => w.endsWith(' 2') && w.startsWith('1 '))).toBe(true);
    expect(execFileSync('pdftotext', ['-layout', joined, '-'], { encoding: 'utf8' })).toMatch(/Page 1 of [2-9]/);
    expect(fs.readFileSync(joined, 'latin1')).toContain('https://example.invalid/');
    const [before, after] = [textOperations(fs.readFileSync(alone)), textOperations(fs.readFileSync(joined))];
    expect(after).toBeGreaterThan(0);
    expect(after * 3).toBeLessThan(before);
  });

  it('joins only words that look alike and carry nothing of their own', () => {
    const font = {};
    const word = (text: string, x: number, extra: Record<string, unknown> = {}) => ({ text, font, fontSize: 10, color: 'black', opacity: 1, height: 12.5, width: 10, x, trailingCut: 2, ...extra });
    const line = { inlines: [word('one ', 0), word('two ', 10), word('red ', 20, { color: 'red' }), word('link ', 30, { link: 'https://example.invalid/' }), word('three ', 40), word('four', 50, { trailingCut: 0 })] };
    joinRuns(line);
    expect(line.inlines.map((i) => [i.text, i.x, i.width, i.trailingCut])).toEqual([
      ['one two ', 0, 20, 2],
      ['red ', 20, 10, 2],
      ['link ', 30, 10, 2],
      ['three four', 40, 20, 0],
    ]);
    // A line whose first word pdfmake replaces with a page number at render time is left whole.
    const numbered = { _pageNodeRef: {}, inlines: [word('12', 0), word(' more', 10)] };
    joinRuns(numbered);
    expect(numbered.inlines).toHaveLength(2);
  });
});
