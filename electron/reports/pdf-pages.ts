import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// A PDF read back page by page with poppler, for layout tests: each page's lines with their position,
// split into the running header, the body and the footer by the page margins the report uses.

export interface PageLine {
  text: string;
  yMin: number;
  yMax: number;
}

export interface Page {
  number: number;
  height: number;
  header: PageLine[];
  body: PageLine[];
  footer: PageLine[];
  /** pdftotext -layout of this page alone. */
  layout: string;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The pages of a PDF file; margins are the report's top and bottom page margins in points. */
export function readPages(file: string, margins: { top: number; bottom: number }): Page[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const layouts = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\f');
  const pages: Page[] = [];
  for (const [i, match] of [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].entries()) {
    const height = Number(match[2]);
    const lines: PageLine[] = [...(match[3] ?? '').matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((l) => ({
      yMin: Number(l[1]),
      yMax: Number(l[2]),
      text: [...(l[3] ?? '').matchAll(/<word[^>]*>([\s\S]*?)<\/word>/g)].map((w) => decode(w[1] ?? '')).join(' '),
    }));
    // Lines of one row of columns come as separate lines at the same height: merge them, top to bottom.
    const rows: PageLine[] = [];
    for (const line of lines.sort((a, b) => a.yMin - b.yMin)) {
      const same = rows.find((r) => Math.abs(r.yMin - line.yMin) < 2);
      if (same) same.text = `${same.text} ${line.text}`;
      else rows.push({ ...line });
    }
    pages.push({
      number: i + 1,
      height,
      header: rows.filter((r) => r.yMax <= margins.top),
      body: rows.filter((r) => r.yMax > margins.top && r.yMin < height - margins.bottom),
      footer: rows.filter((r) => r.yMin >= height - margins.bottom),
      layout: layouts[i] ?? '',
    });
  }
  return pages;
}

export function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Renders every page to PNG files named prefix-N.png in a folder, for a person (or a test) to look at. */
export function renderPages(file: string, folder: string, prefix: string, dpi = 50): string[] {
  fs.mkdirSync(folder, { recursive: true });
  for (const old of fs.readdirSync(folder).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))) fs.rmSync(path.join(folder, old));
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, path.join(folder, prefix)]);
  return fs.readdirSync(folder).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).sort().map((f) => path.join(folder, f));
}

/** How many pages hold what comes before a heading (all of them when it is not there): a page that opens with it does not count. */
export function pagesBefore(pages: Page[], heading: string): number {
  const at = pages.findIndex((p) => p.body.some((line) => line.text.includes(heading)));
  if (at < 0) return pages.length;
  const opens = (pages[at] as Page).body[0]?.text.includes(heading) ?? false;
  return opens ? at : at + 1;
}
