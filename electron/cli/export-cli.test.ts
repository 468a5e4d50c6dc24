import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { schemaErrors } from '../oscal/official-schema.fixture';
import { DEFAULT_TEMPLATE_ID } from '../templates/default-template';
import { runCli } from './main';

// `release-audit export oscal` and `release-audit import-framework` as people run them: files NIST's
// schemas accept, a catalog in, and mistakes refused in words before anything is written.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function pinnedAudit(dir: string): Promise<string> {
  const audit = JSON.parse((await cli('--data-dir', dir, 'audit', 'create', '--name', 'CLI export', '--json')).out) as { id: string };
  const pinned = await cli('--data-dir', dir, 'checklist', 'pin', '--audit', audit.id, '--template', DEFAULT_TEMPLATE_ID);
  expect(pinned.code, pinned.err).toBe(0);
  const recorded = await cli('--data-dir', dir, 'checklist', 'record', '--audit', audit.id, 'RA-RFC-01', 'pass');
  expect(recorded.code, recorded.err).toBe(0);
  return audit.id;
}

describe('release-audit export oscal', () => {
  it('writes the results and the plan, as JSON and YAML, that the official schemas accept', async () => {
    const dir = tempDir();
    const auditId = await pinnedAudit(dir);
    const folder = tempDir();
    const results = path.join(folder, 'results.json');
    const plan = path.join(folder, 'plan.yaml');
    const ran = await cli('--data-dir', dir, 'export', 'oscal', '--audit', auditId, '--out', results);
    expect(ran.code, ran.err).toBe(0);
    expect(ran.out).toMatch(/^Wrote .*results\.json \(OSCAL results, \d+ bytes\)$/);
    const planned = await cli('--data-dir', dir, 'export', 'oscal', '--audit', auditId, '--out', plan, '--model', 'plan', '--format', 'yaml');
    expect(planned.code, planned.err).toBe(0);
    expect(schemaErrors('assessment-results', JSON.parse(fs.readFileSync(results, 'utf8')))).toEqual([]);
    expect(schemaErrors('assessment-plan', YAML.parse(fs.readFileSync(plan, 'utf8')))).toEqual([]);
    expect(fs.readdirSync(folder).sort()).toEqual(['plan.yaml', 'results.json']);
  });

  it('refuses a wrong --model, a folder as --out and an unknown audit, writing nothing', async () => {
    const dir = tempDir();
    const auditId = await pinnedAudit(dir);
    const folder = tempDir();
    const wrong = await cli('--data-dir', dir, 'export', 'oscal', '--audit', auditId, '--out', path.join(folder, 'x.json'), '--model', 'ssp');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--model must be results or plan.');
    const intoFolder = await cli('--data-dir', dir, 'export', 'oscal', '--audit', auditId, '--out', folder);
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.err).toContain('is a folder');
    const unknown = await cli('--data-dir', dir, 'export', 'oscal', '--audit', '0190a000-0000-7000-8000-00000000ffff', '--out', path.join(folder, 'y.json'));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no audit/i);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

describe('release-audit import-framework', () => {
  it('imports a catalog, and refuses a broken one naming the path', async () => {
    const dir = tempDir();
    const imported = await cli('--data-dir', dir, 'import-framework', path.resolve('tests/fixtures/oscal/handwritten-catalog.json'));
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(/^Imported "Acme Release Controls" 2026\.1 \(OSCAL 1\.1\.3\): 5 controls, framework id [0-9a-f-]{36}$/);
    const listed = await cli('--data-dir', dir, 'api', 'frameworks.list');
    expect(JSON.parse(listed.out)).toHaveLength(1);

    const broken = path.join(tempDir(), 'broken.json');
    const catalog = JSON.parse(fs.readFileSync(path.resolve('tests/fixtures/oscal/handwritten-catalog.json'), 'utf8')) as { catalog: { groups: Array<{ controls: Array<{ id: unknown }> }> } };
    (catalog.catalog.groups[0] as { controls: Array<{ id: unknown }> }).controls[0]!.id = 7;
    fs.writeFileSync(broken, JSON.stringify(catalog));
    const refused = await cli('--data-dir', dir, 'import-framework', broken);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('release-audit: broken.json is not an OSCAL catalog this app can import: catalog.groups[0].controls[0].id: must be text.');
    expect(JSON.parse((await cli('--data-dir', dir, 'api', 'frameworks.list')).out)).toHaveLength(1);
  });
});
