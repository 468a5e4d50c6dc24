import { createAudit } from '../audits/service';
import { importInto } from '../imports/store';
import { scratchDir, writeScratch } from '../imports/test-files';
import { createRelease, saveTickets } from '../releases/service';
import type { Core } from '../services';
import { addEntry } from '../warroom/service';

// A small history of three audit cycles, written through the services and real imports (git logs
// written here in git's own format), whose four keys the tests work out by hand.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as `git log` prints it (`Mon Nov 30 23:58:02 2026 +0000`). */
function gitDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} +0000`;
}

let commitCounter = 0;
/** A `git log --pretty=fuller` of commits at these times (null: a commit whose log gives no date). */
export function gitLog(times: Array<string | null>): string {
  return times
    .map((t) => {
      commitCounter += 1;
      const hash = commitCounter.toString(16).padStart(40, 'a');
      const dates = t ? `AuthorDate: ${gitDate(t)}\nCommit:     Dev <dev@example.com>\nCommitDate: ${gitDate(t)}\n` : '';
      return `commit ${hash}\nAuthor:     Dev <dev@example.com>\n${dates}\n    Change number ${commitCounter}\n`;
    })
    .join('\n');
}

export interface SeedRelease {
  identifier: string;
  system: string;
  windowEnd: string;
  environments?: string[];
  emergency?: boolean;
  commits?: Array<string | null>;
  ticketTitle?: string;
  rollback?: { startedAt: string; finishedAt: string; outcome: 'recovered' | 'failed' };
}

const hoursBefore = (iso: string, hours: number) => new Date(Date.parse(iso) - hours * 3_600_000).toISOString();

export async function seedAudit(core: Core, name: string, releases: SeedRelease[]): Promise<{ auditId: string; ids: Record<string, string> }> {
  const audit = createAudit(core, { name, description: '' });
  const dir = scratchDir();
  const ids: Record<string, string> = {};
  for (const r of releases) {
    const release = createRelease(core, {
      auditId: audit.id,
      identifier: r.identifier,
      system: r.system,
      environments: r.environments ?? ['production'],
      windowStart: hoursBefore(r.windowEnd, 2),
      windowEnd: r.windowEnd,
      emergency: r.emergency ?? false,
    });
    ids[r.identifier] = release.id;
    if (r.commits) await importInto(core, writeScratch(dir, `${r.identifier}.git.log`, gitLog(r.commits)), { auditId: audit.id, releaseId: release.id });
    if (r.ticketTitle) saveTickets(core, release.id, [{ reference: `CHG-${r.identifier}`, title: r.ticketTitle, approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: null }]);
    if (r.rollback) {
      addEntry(core, { releaseId: release.id, kind: 'rollback-started', body: { mode: 'manual', reason: 'errors after deploy' }, at: r.rollback.startedAt });
      addEntry(core, { releaseId: release.id, kind: 'rollback-finished', body: { outcome: r.rollback.outcome, rtoTargetMinutes: 60 }, at: r.rollback.finishedAt });
    }
  }
  return { auditId: audit.id, ids };
}

/** The three cycles the tests compute by hand (see dora.test.ts for the arithmetic). */
export async function seedThreeCycles(core: Core) {
  const one = await seedAudit(core, 'Cycle 1', [
    { identifier: 'PAY-1', system: 'payments', windowEnd: '2026-09-01T10:00:00.000Z', commits: ['2026-08-31T10:00:00.000Z', '2026-09-01T04:00:00.000Z'] },
    {
      identifier: 'PAY-2',
      system: 'payments',
      windowEnd: '2026-09-15T10:00:00.000Z',
      commits: ['2026-08-31T12:00:00.000Z', '2026-09-10T10:00:00.000Z'],
      rollback: { startedAt: '2026-09-15T11:00:00.000Z', finishedAt: '2026-09-15T13:00:00.000Z', outcome: 'recovered' },
    },
    { identifier: 'PAY-STAGE', system: 'payments', windowEnd: '2026-09-20T10:00:00.000Z', environments: ['staging'] },
  ]);
  const two = await seedAudit(core, 'Cycle 2', [
    { identifier: 'PAY-3', system: 'payments', windowEnd: '2026-10-20T10:00:00.000Z' },
    { identifier: 'PAY-4', system: 'payments', windowEnd: '2026-10-22T10:00:00.000Z', emergency: true, commits: ['2026-10-21T22:00:00.000Z'] },
    {
      identifier: 'LED-1',
      system: 'ledger',
      windowEnd: '2026-10-31T22:00:00.000Z',
      environments: [],
      commits: ['2026-10-30T22:00:00.000Z'],
      rollback: { startedAt: '2026-10-31T23:00:00.000Z', finishedAt: '2026-11-01T01:00:00.000Z', outcome: 'recovered' },
    },
  ]);
  const three = await seedAudit(core, 'Cycle 3', [
    { identifier: 'PAY-5', system: 'payments', windowEnd: '2026-11-10T10:00:00.000Z', commits: [null] },
    { identifier: 'PAY-6', system: 'payments', windowEnd: '2026-11-18T10:00:00.000Z', emergency: true, commits: ['2026-11-18T08:00:00.000Z'] },
    {
      identifier: 'PAY-7',
      system: 'payments',
      windowEnd: '2026-11-20T10:00:00.000Z',
      rollback: { startedAt: '2026-11-20T11:00:00.000Z', finishedAt: '2026-11-20T12:00:00.000Z', outcome: 'failed' },
    },
    { identifier: 'LED-2', system: 'ledger', windowEnd: '2026-11-25T10:00:00.000Z', commits: ['2026-11-24T10:00:00.000Z'], ticketTitle: 'Hotfix for ledger rounding' },
  ]);
  return { one, two, three, ids: { ...one.ids, ...two.ids, ...three.ids } };
}
