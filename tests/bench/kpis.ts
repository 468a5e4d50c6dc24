// The KPI view (issue 17 item 1) on kept figures: the view at 50 audits beside the same view at 1
// audit (it reads kept figures, so the ratio stays far below 50), and the view after one of the 50
// audits changed (it recomputes that one) beside recomputing all 50, the cost of rescanning every
// audit on each view.
import path from 'node:path';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import { createAudit, pinTemplate } from '../../electron/audits/service';
import { recordResult } from '../../electron/checklist/service';
import { createRelease, saveTickets, updateRelease } from '../../electron/releases/service';
import { openCore, type Core } from '../../electron/services';
import { DEFAULT_TEMPLATE_V1_ID } from '../../electron/templates/default-template';
import { ensureDefaultTemplate } from '../../electron/templates/service';
import { addEntry } from '../../electron/warroom/service';
import { median } from './median';

export interface KpiBenchRow { what: string; ours: number; baseline: number; baselineName: string }

const items = ['RA-RFC-01', 'RA-RFC-02', 'RA-RFC-03', 'RA-BLD-01', 'RA-BLD-02', 'RA-DEP-01', 'RA-DEP-02', 'RA-PST-01'];

/** An audit of four releases, their tickets, eight checklist results each and a halt check. */
function seedAudit(core: Core, n: number): string {
  const audit = createAudit(core, { name: `Cycle ${n}`, description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  const day = new Date(Date.now() - (60 - n) * 86_400_000).toISOString();
  for (let r = 0; r < 4; r += 1) {
    const release = createRelease(core, { auditId: audit.id, identifier: `rel-${n}-${r}`, system: r % 2 ? 'Payments' : 'Ledger', windowStart: day, emergency: r === 3, backoutPlan: r % 2 ? 'Revert' : '' });
    saveTickets(core, release.id, [{ reference: `CHG-${n}-${r}`, title: '', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: day }]);
    for (const [i, itemKey] of items.entries()) recordResult(core, { auditId: audit.id, releaseId: release.id, itemKey, result: (i + r) % 3 === 0 ? 'fail' : 'pass', note: '' });
    addEntry(core, { releaseId: release.id, kind: 'halt-check', body: { label: 'Error rate', batch: '1', observedPercent: r, thresholdPercent: 2, decision: 'continue' }, at: day });
  }
  return audit.id;
}

async function view(core: Core, handlers: ReturnType<typeof createHandlers>): Promise<number> {
  const answer = await dispatch(handlers, 'kpis.summary', { scope: { kind: 'all' }, period: 'cycle', key: null });
  if (!answer.ok) throw new Error(answer.error.message);
  return (answer.value as { recomputed: number }).recomputed;
}

export async function benchKpis(scratch: string): Promise<KpiBenchRow[]> {
  const one = openCore({ dataDir: path.join(scratch, 'kpis-1'), actor: 'bench' });
  const many = openCore({ dataDir: path.join(scratch, 'kpis-50'), actor: 'bench' });
  try {
    for (const core of [one, many]) ensureDefaultTemplate(core);
    seedAudit(one, 1);
    const audits = Array.from({ length: 50 }, (_, n) => seedAudit(many, n + 1));
    const handlers1 = createHandlers(one);
    const handlers50 = createHandlers(many);
    // The first view of each computes every audit; the timed ones read the kept figures.
    await view(one, handlers1);
    await view(many, handlers50);
    const at1 = await median(21, () => view(one, handlers1));
    const at50 = await median(21, () => view(many, handlers50));
    const changed = many.sqlite.prepare('SELECT id FROM releases WHERE audit_id = ? LIMIT 1').get(audits[25]) as { id: string };
    let flip = 0;
    const afterOne = await median(11, async () => {
      updateRelease(many, { id: changed.id, riskAssessment: `assessed ${flip++}` });
      if ((await view(many, handlers50)) !== 1) throw new Error('The view after one change did not recompute exactly one audit.');
    });
    const rescan = await median(5, async () => {
      many.sqlite.exec('INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT id FROM audits');
      if ((await view(many, handlers50)) !== 50) throw new Error('The rescan did not recompute the 50 audits.');
    });
    return [
      { what: 'KPI view, 50 audits (kept figures)', ours: at50, baseline: at1, baselineName: 'the same view at 1 audit' },
      { what: 'KPI view after 1 of 50 audits changed', ours: afterOne, baseline: rescan, baselineName: 'recomputing all 50 audits' },
    ];
  } finally {
    one.close();
    many.close();
  }
}
