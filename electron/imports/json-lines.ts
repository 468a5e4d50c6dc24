import type { LineRange } from '../../shared/api/imports';
import type { Path } from './structured';
import type { z } from 'zod';

// Where each object and array of a (valid) JSON text starts and ends, found in one pass over the
// characters. The YAML-based Locator finds one path at a time by walking a document tree, which is
// quadratic over an SBOM of ten thousand components; this index answers each lookup at once.

type Range = z.infer<typeof LineRange>;
interface Frame { path: string; array: boolean; index: number; key: string; start: number }

const MAX_ENTRIES = 2_000_000;

export class JsonLines {
  private readonly ranges = new Map<string, Range>();
  private readonly lineCount: number;

  constructor(text: string) {
    const stack: Frame[] = [];
    let line = 1;
    let expectKey = false;
    let lastString = '';
    const childPath = () => {
      const parent = stack.at(-1);
      if (!parent) return '';
      return `${parent.path}/${parent.array ? parent.index : parent.key}`;
    };
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 10) line += 1;
      else if (c === 34) {
        // A string: skip to its closing quote; keep it when it is an object's key.
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) { j = text.length; break; }
          let slashes = 0;
          for (let k = q - 1; text.charCodeAt(k) === 92; k -= 1) slashes += 1;
          j = q;
          if (slashes % 2 === 0) break;
          j = q + 1;
        }
        if (expectKey) lastString = JSON.parse(text.slice(i, j + 1)) as string;
        i = j;
      } else if (c === 58) {
        const frame = stack.at(-1);
        if (frame && !frame.array) frame.key = lastString;
        expectKey = false;
      } else if (c === 123 || c === 91) {
        stack.push({ path: childPath(), array: c === 91, index: 0, key: '', start: line });
        expectKey = c === 123;
      } else if (c === 125 || c === 93) {
        const frame = stack.pop();
        if (frame && this.ranges.size < MAX_ENTRIES) this.ranges.set(frame.path, [frame.start, line]);
        expectKey = false;
      } else if (c === 44) {
        const frame = stack.at(-1);
        if (frame?.array) frame.index += 1;
        else expectKey = true;
      }
    }
    this.lineCount = line;
  }

  /** The lines of the value at `path`, or of its nearest object or array; the whole text when none is known. */
  lines(path: Path): Range {
    for (let n = path.length; n >= 0; n -= 1) {
      const found = this.ranges.get(path.slice(0, n).map((p) => `/${p}`).join(''));
      if (found) return found;
    }
    return [1, Math.max(1, this.lineCount)];
  }
}
