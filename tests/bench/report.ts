// `npx tsx tests/bench/report.ts`: a full report of 500 findings and 200 screenshots, built as the app
// builds it, with its progress stages, wall time and peak memory. Too slow for the unit suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { largeAudit } from '../../electron/reports/layout-fixtures';
import { generateReport } from '../../electron/reports/service';
import { openCore } from '../../electron/services';

// The bench's throwaway signing key takes its passphrase from here, never from this computer's keychain.
process.env.RELEASE_AUDIT_KEY_PASSPHRASE ??= 'bench-only passphrase, not a secret';
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 500);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 200);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-report-bench-'));
try {
  const core = openCore({ dataDir: path.join(scratch, 'data'), actor: 'Bench Auditor', appRoot: process.cwd() });
  const seeded = Date.now();
  const audit = await largeAudit(core, scratch, FINDINGS, IMAGES);
  console.log(`seeded ${FINDINGS} findings and ${IMAGES} screenshots in ${Date.now() - seeded} ms`);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const stages: string[] = [];
  const started = Date.now();
  for (const kind of ['full', 'summary'] as const) {
    const begun = Date.now();
    const { pdf } = await generateReport(core, { auditId: audit.id, kind, distribution: 'internal', sign: false, onProgress: (stage, f) => stages.push(`${kind} ${Math.round(f * 100)}% ${stage}`) });
    fs.writeFileSync(path.join(scratch, `${kind}.pdf`), pdf);
    console.log(`${kind}: ${(pdf.length / 1024 / 1024).toFixed(1)} MiB in ${Date.now() - begun} ms`);
  }
  clearInterval(sampler);
  console.log(`progress: ${stages.join(' | ')}`);
  console.log(`both reports in ${Date.now() - started} ms, peak RSS ${Math.round(peak / 1024 / 1024)} MiB`);
  core.close();
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
