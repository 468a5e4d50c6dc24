// DORA's four keys with 1 and with 50 audit cycles held (issue 17 item 2): a view of one audit's keys
// on first sight, from the kept deployment list, and the list worked out again after a write (the
// imports' facts already read), each at 50 audits beside the same at 1 audit; and the plain way
// (every fact of every release read and parsed on each view).
import path from 'node:path';
import { buildDeployments } from '../../electron/dora/deployments';
import { seedAudit, type SeedRelease } from '../../electron/dora/cycles.fixture';
import { doraKeys } from '../../electron/dora/service';
import { openCore, type Core } from '../../electron/services';
import { median } from './median';

export interface DoraRow { what: string; ours: number; baseline: number; baselineName: string }

const RELEASES = 4;
const COMMITS = 25;

async function seeded(dataDir: string, audits: number): Promise<{ core: Core; firstAudit: string }> {
  const core = openCore({ dataDir, actor: 'bench' });
  let firstAudit = '';
  for (let a = 0; a < audits; a += 1) {
    const releases: SeedRelease[] = Array.from({ length: RELEASES }, (_, r) => {
      const end = Date.UTC(2024, 0, 1) + (a * RELEASES + r) * 3 * 86_400_000;
      return {
        identifier: `SYS-${a}-${r}`,
        system: `system-${r % 2}`,
        windowEnd: new Date(end).toISOString(),
        emergency: r === 3,
        commits: Array.from({ length: COMMITS }, (_, c) => new Date(end - (c + 1) * 3_600_000).toISOString()),
        ...(r === 1 ? { rollback: { startedAt: new Date(end + 600_000).toISOString(), finishedAt: new Date(end + 1_800_000).toISOString(), outcome: 'recovered' as const } } : {}),
      };
    });
    const { auditId } = await seedAudit(core, `Cycle ${a + 1}`, releases);
    if (a === 0) firstAudit = auditId;
  }
  return { core, firstAudit };
}

/** The plain way: every fact of every release read and parsed in JavaScript on each view. */
function reparseEverything(core: Core): number {
  let n = 0;
  for (const row of core.sqlite.prepare('SELECT data FROM import_facts').iterate() as Iterable<{ data: string }>) n += JSON.parse(row.data).kind === 'commit' ? 1 : 0;
  return n;
}

export async function benchDora(scratch: string): Promise<DoraRow[]> {
  const one = await seeded(path.join(scratch, 'dora-1'), 1);
  const fifty = await seeded(path.join(scratch, 'dora-50'), 50);
  try {
    const view = (s: { core: Core; firstAudit: string }) => () => doraKeys(s.core, { period: 'month', auditId: s.firstAudit });
    // The first view reads every import once (what an import says is kept by its id from then on).
    const firstOne = await median(1, view(one));
    const firstFifty = await median(1, view(fifty));
    const keptOne = await median(21, view(one));
    const keptFifty = await median(21, view(fifty));
    const buildOne = await median(5, () => buildDeployments(one.core));
    const buildFifty = await median(5, () => buildDeployments(fifty.core));
    const plain = await median(5, () => reparseEverything(fifty.core));
    return [
      { what: 'DORA keys, first view, 50 audits held', ours: firstFifty, baseline: firstOne, baselineName: 'the same with 1 audit held (one run each)' },
      { what: "DORA keys of one audit, 50 audits held", ours: keptFifty, baseline: keptOne, baselineName: 'the same view with 1 audit held' },
      { what: `DORA deployments after a write, 50 audits`, ours: buildFifty, baseline: buildOne, baselineName: 'the same with 1 audit held' },
      { what: "DORA keys of one audit, 50 audits held", ours: keptFifty, baseline: plain, baselineName: 'parse every fact on each view' },
    ];
  } finally {
    one.core.close();
    fifty.core.close();
  }
}
