import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { joinRuns, renderPdf, renderPdfToFile, type PendingImage } from './render';

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

  it('lays out images whose JPEG comes only while the pages are laid out, and embeds each as it comes', async () => {
    const dir = tempDir();
    const jpeg = (width: number, height: number, channels: 1 | 3) =>
      (channels === 3 ? sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 30 } } }) : sharp({ create: { width, height, channels: 3, background: '#5a5a5a' } }).toColourspace('b-w')).jpeg().toBuffer();
    const [red, grey] = await Promise.all([jpeg(400, 200, 3), jpeg(120, 90, 1)]);
    // Each JPEG is handed over only once pdfmake asks for the first page's footer, that is while it lays the pages out.
    let laidOut: () => void = () => undefined;
    const layoutStarted = new Promise<void>((resolve) => (laidOut = resolve));
    const later = (bytes: Buffer | null, fail = false): Promise<Buffer | null> => layoutStarted.then(() => (fail ? Promise.reject(new Error('the maker died')) : bytes));
    const pending = new Map<string, PendingImage>([
      // The size promised is a pixel off the JPEG's own: the PDF records the JPEG's, the page uses the promised shape.
      ['red', { width: 401, height: 200, jpeg: later(red) }],
      ['grey', { width: 120, height: 90, jpeg: later(grey) }],
      ['none', { width: 300, height: 100, jpeg: later(null) }],
      ['died', { width: 300, height: 100, jpeg: later(null, true) }],
      ['garbage', { width: 300, height: 100, jpeg: later(Buffer.from('not a JPEG at all, only words')) }],
    ]);
    const doc = {
      compress: false,
      pageSize: 'A4',
      footer: (page: number) => {
        laidOut();
        return { text: `Page ${page}`, margin: [40, 10, 40, 0] };
      },
      content: [
        { text: 'Screenshots' },
        ...['red', 'grey', 'none', 'died', 'garbage', 'red'].map((name) => ({ stack: [{ text: `Caption of ${name}` }, { image: name, fit: [220, 140] }] })),
      ],
    };
    const file = path.join(dir, 'pending.pdf');
    await renderPdfToFile(doc, file, pending);
    const listed = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
    // The red one twice (one object), the grey one once, in colour and in grey; the three that never came are no image.
    expect(listed.map((c) => `${c[3]}x${c[4]} ${c[5]} ${c[10]}`)).toEqual([`400x200 rgb ${listed[0]?.[10]}`, `120x90 gray ${listed[1]?.[10]}`, `400x200 rgb ${listed[0]?.[10]}`]);
    const pdf = fs.readFileSync(file, 'latin1');
    // Each of those is a light grey box where its picture would be, its caption printed.
    expect(pdf.split('q 0.93 g 0 0 1 1 re f Q').length - 1).toBe(3);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const name of ['red', 'grey', 'none', 'died', 'garbage']) expect(text).toContain(`Caption of ${name}`);
    // The page as poppler draws it: the red thumbnail is there, red.
    execFileSync('pdftoppm', ['-r', '36', '-f', '1', '-l', '1', '-png', file, path.join(dir, 'page')]);
    const page = fs.readdirSync(dir).find((name) => name.startsWith('page') && name.endsWith('.png')) as string;
    const { data, info } = await sharp(path.join(dir, page)).raw().toBuffer({ resolveWithObject: true });
    let redPixels = 0;
    for (let i = 0; i < data.length; i += info.channels) if ((data[i] as number) > 180 && (data[i + 1] as number) < 60 && (data[i + 2] as number) < 60) redPixels += 1;
    expect(redPixels).toBeGreaterThan(100);
  });
});
