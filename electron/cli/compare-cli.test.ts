import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../paths';
import { openCore } from '../services';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit compare` and `release-audit drift` as a pipeline runs them: --json on stdout, the
// comparison kept in the audit, refusals in one sentence with exit 2 and nothing written.

const fixtures = path.join(sourceRoot, 'electron', 'config-compare', 'fixtures');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function anAudit() {
  const dataDir = tempDir();
  const base = ['--data-dir', dataDir];
  const audit = JSON.parse((await cli(...base, 'audit', 'create', '--name', 'Parity', '--json')).out) as { id: string };
  const release = JSON.parse((await cli(...base, 'api', 'releases.create', JSON.stringify({ auditId: audit.id, identifier: 'REL-3' }))).out) as { id: string };
  return { dataDir, base, auditId: audit.id, releaseId: release.id };
}

function counts(dataDir: string): Record<string, number> {
  const core = openCore({ dataDir, actor: 'reader', mustExist: true });
  try {
    return core.sqlite.prepare('SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM import_facts) AS facts, (SELECT count(*) FROM evidence) AS evidence').get() as Record<string, number>;
  } finally {
    core.close();
  }
}

describe('release-audit compare', () => {
  it('--json lists each differing path with both values, masked secrets included', async () => {
    const { dataDir, base, auditId, releaseId } = await anAudit();
    const run = await cli(...base, 'compare', path.join(fixtures, 'staging.env'), path.join(fixtures, 'production.env'), '--audit', auditId, '--release', releaseId, '--json');
    expect(run.code, run.err).toBe(0);
    const answer = JSON.parse(run.out) as { differences: Array<{ path: string; a: string | null; b: string | null; change: string; impact: string; ignored: boolean }>; drafted: number; importId: string };
    expect(answer.differences.find((d) => d.path === 'CORS_ORIGINS')).toEqual(expect.objectContaining({ path: 'CORS_ORIGINS', a: '*', b: 'https://shop.example.com', change: 'changed', impact: 'security', ignored: false }));
    expect(answer.differences.find((d) => d.path === 'DB_HOST')).toMatchObject({ ignored: true });
    expect(run.out).not.toMatch(/st@ging|pr0d/);
    expect(answer.drafted).toBe(answer.differences.filter((d) => !d.ignored).length);
    expect(counts(dataDir)).toEqual({ imports: 1, facts: answer.differences.length, evidence: 3 });

    const text = await cli(...base, 'compare', path.join(fixtures, 'staging.env'), path.join(fixtures, 'production.env'), '--audit', auditId, '--release', releaseId);
    expect(text.code).toBe(0);
    expect(text.out).toContain('! security: CORS_ORIGINS: changed, A * | B https://shop.example.com');
    expect(text.out).toContain('Already compared');
  });

  it('refuses a damaged file with exit 2 and writes nothing; refuses missing arguments', async () => {
    const { dataDir, base, auditId } = await anAudit();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'cut.json'), '{"a": [1, 2');
    const before = counts(dataDir);
    const run = await cli(...base, 'compare', path.join(fixtures, 'staging.env'), path.join(dir, 'cut.json'), '--audit', auditId);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/cut\.json is not valid JSON/);
    expect(counts(dataDir)).toEqual(before);
    expect((await cli(...base, 'compare', path.join(fixtures, 'staging.env'), '--audit', auditId)).code).toBe(2);
    expect((await cli(...base, 'compare', path.join(fixtures, 'staging.env'), path.join(dir, 'none.yaml'), '--audit', auditId)).err).toMatch(/There is no file at/);
  });
});

describe('release-audit drift', () => {
  it('--json lists the Terraform plan\'s drift, explained or not', async () => {
    const { base, auditId, releaseId } = await anAudit();
    const plan = path.join(fixtures, 'terraform-plan.json');
    const run = await cli(...base, 'drift', plan, path.join(fixtures, 'terraform-state-after.json'), '--before', plan, '--audit', auditId, '--release', releaseId, '--json');
    expect(run.code, run.err).toBe(0);
    const answer = JSON.parse(run.out) as { changes: Array<{ resource: string; path: string; when: string; explained: boolean }>; drafted: number };
    expect(answer.changes.filter((c) => !c.explained).map((c) => `${c.when} ${c.resource} ${c.path}`)).toEqual([
      'during aws_security_group/-/aws_security_group.web ingress[0].from_port',
      'during aws_security_group/-/aws_security_group.web ingress[0].to_port',
      'during aws_security_group/-/aws_security_group.web ingress[1]',
    ]);
    expect(answer.drafted).toBe(3);
  });
});
