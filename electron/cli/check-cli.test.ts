import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInto } from '../imports/store';
import { realworldDir } from '../imports/test-files';
import { openCore } from '../services';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit check` as a pipeline runs it: after its logs are imported, the gate fails (exit 1)
// on a drafted finding at or above --fail-on, and prints text, JSON, JUnit XML or SARIF.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const failedJenkins = [
  '[2026-11-30T22:00:01.114Z] Started by user Priya Raman',
  '[2026-11-30T22:00:01.620Z] Running on deploy-agent-eu-03 in /var/lib/jenkins/workspace/payments',
  '[2026-11-30T22:00:02.002Z] [Pipeline] stage',
  '[2026-11-30T22:00:02.010Z] [Pipeline] { (Deploy)',
  '[2026-11-30T22:04:40.377Z] + kubectl rollout status deployment/payments-api -n payments --timeout=300s',
  '[2026-11-30T22:09:41.002Z] ERROR: deployment "payments-api" exceeded its progress deadline',
  '[2026-11-30T22:09:41.120Z] [Pipeline] }',
  '[2026-11-30T22:09:41.121Z] [Pipeline] // stage',
  '[2026-11-30T22:09:41.500Z] Finished: FAILURE',
  '',
].join('\n');

async function auditWithFailedRun() {
  const dataDir = tempDir();
  const base = ['--data-dir', dataDir, '--actor', 'Pipeline'];
  const audit = JSON.parse((await cli(...base, 'audit', 'create', '--name', 'Gate', '--json')).out) as { id: string };
  const release = JSON.parse((await cli(...base, 'api', 'releases.create', JSON.stringify({ auditId: audit.id, identifier: 'PAY-4.18.2' }))).out) as { id: string };
  const log = path.join(tempDir(), 'deploy-payments.log');
  fs.writeFileSync(log, failedJenkins);
  const core = openCore({ dataDir, actor: 'Pipeline' });
  try {
    await importInto(core, log, { auditId: audit.id, releaseId: release.id });
  } finally {
    core.close();
  }
  return { base, auditId: audit.id, releaseId: release.id };
}

describe('release-audit check', () => {
  it('fails the gate on a failed deployment run, and passes it when the gate is set above it', async () => {
    const { base, auditId, releaseId } = await auditWithFailedRun();
    const text = await cli(...base, 'check', '--audit', auditId, '--release', releaseId);
    expect(text.code, text.err).toBe(1);
    expect(text.out).toMatch(/^MAJOR\s+RUN-FAILED\s+.*\(deploy-payments\.log:\d+/m);
    expect(text.out).toMatch(/at or above major: the check fails\.$/);
    const gateAbove = await cli(...base, 'check', '--audit', auditId, '--fail-on', 'critical');
    expect(gateAbove.code).toBe(0);
    expect(gateAbove.out).toMatch(/Nothing at or above critical: the check passes\./);

    const json = JSON.parse((await cli(...base, 'check', '--audit', auditId, '--format', 'json')).out) as { failing: number; drafts: Array<{ ruleId: string; files: Array<{ name: string }> }> };
    expect(json.failing).toBeGreaterThan(0);
    expect(json.drafts.find((d) => d.ruleId === 'RUN-FAILED')?.files[0]?.name).toBe('deploy-payments.log');

    // Running it again drafts nothing new: the gate reads the same drafts.
    expect(JSON.parse((await cli(...base, 'check', '--audit', auditId, '--format', 'json')).out)).toMatchObject({ run: { drafted: 0 }, failing: json.failing });
  });

  it('prints JUnit XML and SARIF 2.1.0 that other tools read back', async () => {
    const { base, auditId } = await auditWithFailedRun();
    const junit = await cli(...base, 'check', '--audit', auditId, '--format', 'junit');
    expect(junit.code).toBe(1);
    const dir = tempDir();
    const junitFile = path.join(dir, 'check.xml');
    fs.writeFileSync(junitFile, junit.out);
    // Read back with this app's own JUnit importer, which refuses anything that is not well-formed.
    const { importFile } = await import('../imports/import-file');
    const tests = await importFile(junitFile);
    expect(tests.kind).toBe('junit');
    expect(tests.facts.find((f) => f.kind === 'test-failure')).toMatchObject({ name: expect.stringMatching(/^RUN-FAILED: /) });
    const sarif = await cli(...base, 'check', '--audit', auditId, '--format', 'sarif');
    const sarifFile = path.join(dir, 'check.sarif');
    fs.writeFileSync(sarifFile, sarif.out);
    const scan = await importFile(sarifFile);
    expect(scan.kind).toBe('sarif');
    expect(scan.facts.find((f) => f.kind === 'scan-result')).toMatchObject({ tool: 'Release Audit', ruleId: 'RUN-FAILED', level: 'error', location: 'deploy-payments.log' });
    // And valid against the official SARIF 2.1.0 schema (a draft-04 JSON Schema), where it is at hand.
    const schema = realworldDir ? path.join(realworldDir, 'schemas', 'sarif-schema-2.1.0.json') : null;
    if (schema && fs.existsSync(schema)) {
      const Ajv = (await import('ajv-draft-04')).default;
      const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schema, 'utf8')) as object);
      expect(validate(JSON.parse(sarif.out)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('refuses a wrong format or gate in one sentence (exit 2)', async () => {
    const { base, auditId } = await auditWithFailedRun();
    expect(await cli(...base, 'check', '--audit', auditId, '--format', 'html')).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of text, json, junit, sarif.') });
    expect(await cli(...base, 'check', '--audit', auditId, '--fail-on', 'informational')).toMatchObject({ code: 2, err: expect.stringContaining('--fail-on must be one of critical, major, minor.') });
  });
});
