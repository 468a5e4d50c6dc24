import { describe, expect, it } from 'vitest';
import type { FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { fixture, real, realworldMissing, scratchDir, writeScratch } from './test-files';

// SARIF 2.1.0 from any scanner: levels from the result or its rule's default (else warning), messages
// from text or the rule's message strings, locations, fingerprints, and suppressions that count
// only when accepted, with their justification or the lack of one.

const results = (facts: Array<{ kind: string }>) => facts.filter((f) => f.kind === 'scan-result') as Array<FactOf<'scan-result'>>;
const runs = (facts: Array<{ kind: string }>) => facts.filter((f) => f.kind === 'scan-run') as Array<FactOf<'scan-run'>>;

describe('a SARIF log', () => {
  it('from CodeQL and Semgrep gives each result with its level, message, place and suppression', async () => {
    const result = await importFile(fixture('sarif-codeql-semgrep.sarif'));
    expect(result.kind).toBe('sarif');
    const found = results(result.facts);
    expect(found.map((r) => [r.tool, r.ruleId, r.level, r.suppressed])).toEqual([
      ['CodeQL', 'js/sql-injection', 'error', false],
      ['CodeQL', 'js/log-injection', 'note', true],
      ['CodeQL', 'js/sql-injection', 'warning', true],
      ['Semgrep OSS', 'python.flask.security.debug-enabled', 'error', false],
      ['Semgrep OSS', 'python.flask.security.debug-enabled', 'none', false],
    ]);
    expect(found[0]).toMatchObject({ message: 'This query depends on a user-provided value from the request.', location: 'src/payments/refunds.js', startLine: 118, securitySeverity: 8.8, fingerprint: '9c2e1a0f4b6d7e21:1' });
    // Suppressed without a word of why, and with one; one under review does not hide the result.
    expect(found[1]?.suppression).toEqual({ kind: 'inSource', status: 'accepted', justification: null });
    expect(found[2]?.suppression?.justification).toBe('Test-only helper, never deployed (SEC-221).');
    expect(found[3]?.suppression).toEqual({ kind: 'external', status: 'underReview', justification: null });
    expect(runs(result.facts).map((r) => [r.tool, r.version, r.levels, r.suppressed])).toEqual([
      ['CodeQL', '2.19.3', { error: 1, note: 1, warning: 1 }, 2],
      ['Semgrep OSS', '1.97.0', { error: 1, none: 1 }, 0],
    ]);
    const lines = (await import('node:fs')).readFileSync(fixture('sarif-codeql-semgrep.sarif'), 'utf8').split('\n');
    expect(lines.slice(found[0]!.lines[0] - 1, found[0]!.lines[1]).join('\n')).toContain('src/payments/refunds.js');
  });

  it.skipIf(realworldMissing)('from Trivy (a real one) gives its vulnerabilities', async () => {
    const result = await importFile(real('trivy-alpine-310.sarif'));
    expect(result.kind).toBe('sarif');
    expect(results(result.facts)).toHaveLength(4);
    expect(results(result.facts)[0]).toMatchObject({ tool: 'Trivy', ruleId: 'CVE-2019-1549', level: 'warning' });
  });

  it('is refused in one sentence when it is another version, has no runs, or is cut short', async () => {
    const dir = scratchDir();
    await expect(importFile(writeScratch(dir, 'old.sarif', '{"version":"1.0.0","$schema":"http://json.schemastore.org/sarif-1.0.0","runs":[]}'))).rejects.toThrow('This SARIF log is version 1.0.0; only SARIF 2.1.0 is read.');
    await expect(importFile(writeScratch(dir, 'none.sarif', '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0"}'))).rejects.toThrow('This JSON is not a SARIF log: it has no "runs" list.');
    await expect(importFile(writeScratch(dir, 'cut.sarif', '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":'))).rejects.toThrow(/cut short/);
  });
});
