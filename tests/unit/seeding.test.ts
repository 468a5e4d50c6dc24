import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers';
import { runCli } from '../../electron/cli/main';
import { openCore } from '../../electron/services';
import { DEFAULT_TEMPLATE_NAME } from '../../electron/templates/default-template';
import { ensureDefaultTemplate, listTemplates } from '../../electron/templates/service';
import { statementsOf } from '../helpers/statements';
import { tempDir, testCore } from '../helpers/temp';

// Building the handlers is no write: the shipped template is written where the database is opened,
// once (opening again only finds it), and the CLI and the host still start with it.

const ledgerSize = (core: ReturnType<typeof openCore>) => (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;

describe('the shipped template', () => {
  it('is not written by building the handlers, which read and write nothing', () => {
    const core = testCore();
    const built = statementsOf(core, () => createHandlers(core));
    expect(built.statements).toEqual([]);
    expect(built.changes).toBe(0);
    expect(listTemplates(core)).toEqual([]);
  });

  it('is written when the data folder is opened with the seed, once', () => {
    const dataDir = tempDir();
    const first = openCore({ dataDir, actor: 'Ada', seed: ensureDefaultTemplate });
    expect(listTemplates(first).map((t) => t.name)).toEqual([DEFAULT_TEMPLATE_NAME]);
    const entries = ledgerSize(first);
    first.close();
    const again = openCore({ dataDir, actor: 'Ada', seed: ensureDefaultTemplate });
    try {
      expect(ledgerSize(again)).toBe(entries);
      expect((again.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n).toBe(0);
    } finally {
      again.close();
    }
  });

  it('is there for the CLI, as before', async () => {
    const dir = tempDir();
    const out: string[] = [];
    expect(await runCli(['--data-dir', dir, 'audit', 'create', '--name', 'Payments Q4'], { out: () => {}, err: () => {} })).toBe(0);
    expect(await runCli(['--data-dir', dir, 'template', 'list'], { out: (line) => out.push(line), err: () => {} })).toBe(0);
    expect(out.join('\n')).toContain(DEFAULT_TEMPLATE_NAME);
  });
});
