import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { writeJenkinsLog } from './generate-log';
import { importFile } from './import-file';
import { scratchDir } from './test-files';

// A 1M-line log is streamed: the heap it needs stays about the same as for a 100k-line log, far below
// the size of the file. Memory is measured, never time.

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

async function peakHeap(file: string) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let next = 0;
  // Every 4 MB read, collect garbage and sample what is still alive: the heap the import holds while streaming.
  const sample = (bytes: number) => {
    if (bytes < next) return;
    next = bytes + 4 * MB;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const result = await importFile(file, { onProgress: sample });
  sample(Infinity);
  return { result, peakOverBase: (peak - base) / MB };
}

describe('memory stays flat as the log grows', () => {
  it('1M lines hold no more live heap than 100k lines, and far less than the file', async () => {
    const dir = scratchDir();
    const small = path.join(dir, 'small.log');
    const large = path.join(dir, 'large.log');
    await writeJenkinsLog(small, 100_000);
    await writeJenkinsLog(large, 1_000_000);
    try {
      const a = await peakHeap(small);
      const b = await peakHeap(large);
      const fileMb = fs.statSync(large).size / MB;
      expect(b.result.lines).toBe(1_000_000);
      expect(b.result.facts.filter((f) => f.kind === 'step')).toHaveLength(500);
      expect(b.result.facts.find((f) => f.kind === 'run')).toMatchObject({ result: 'failure', triggeredBy: 'user Priya Raman' });
      console.log(`peak live heap over start: 100k lines ${a.peakOverBase.toFixed(1)} MB, 1M lines ${b.peakOverBase.toFixed(1)} MB; file ${fileMb.toFixed(0)} MB`);
      // The facts of 1M lines (about 2,100) take a few MB more than those of 100k; the file itself is over 100 MB.
      expect(b.peakOverBase).toBeLessThan(a.peakOverBase + 8);
      expect(b.peakOverBase).toBeLessThan(fileMb / 8);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
