import { isNode, parseAllDocuments, type Document } from 'yaml';
import { AppError } from '../../shared/api/errors';
import type { LineRange } from '../../shared/api/imports';
import type { z } from 'zod';

// JSON and YAML exports are small: they are read whole (below a size cap) and parsed once, and a
// locator maps a path inside the document back to the lines of the file it was written on.

export const STRUCTURED_CAP_BYTES = 64 * 1024 * 1024;

type Range = z.infer<typeof LineRange>;
export type Path = Array<string | number>;

export class Locator {
  private readonly starts: number[] = [0];
  private docs: Document[] | null = null;

  constructor(private readonly text: string, private readonly lineCount: number) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The lines a value at `path` (in document `doc`) spans; the whole file when it cannot be found. */
  lines(path: Path, doc = 0): Range {
    const whole: Range = [1, Math.max(this.lineCount, 1)];
    try {
      this.docs ??= parseAllDocuments(this.text, { uniqueKeys: false }) as Document[];
      const node = this.docs[doc]?.getIn(path, true);
      if (!isNode(node) || !node.range) return whole;
      const first = this.lineAt(node.range[0]);
      const end = node.range[1] > node.range[0] ? node.range[1] - 1 : node.range[0];
      return [first, Math.max(first, this.lineAt(end))];
    } catch {
      return whole;
    }
  }
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const cut = /Unexpected end|Unterminated/i.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    throw new AppError('VALIDATION', cut ? `This ${what} is cut short: its JSON ends before it is complete.` : `This ${what} is damaged: it is not valid JSON (${message}).`);
  }
}

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : null);
