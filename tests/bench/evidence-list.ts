// The evidence list of an audit holding 10,000 pieces (issue 13 item 2): its first page and the
// whole list read page by page through the API's dispatcher (input and output checked as the host
// does), each beside the raw SQLite query of the same rows on the same database file.
import path from 'node:path';
import Database from 'better-sqlite3';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import { createAudit } from '../../electron/audits/service';
import { openCore } from '../../electron/services';
import { insertEvidenceRows } from '../helpers/bulk-evidence';
import { median } from './scale';

export interface EvidenceListRow { what: string; ours: number; baseline: number; baselineName: string }

const COUNT = 10_000;
const PAGE = 200;

export async function benchEvidenceList(scratch: string): Promise<EvidenceListRow[]> {
  const dataDir = path.join(scratch, 'evidence-list');
  const core = openCore({ dataDir, actor: 'bench' });
  const audit = createAudit(core, { name: 'Evidence-heavy audit', description: '' });
  insertEvidenceRows(core, audit.id, COUNT);
  const handlers = createHandlers(core);
  const raw = new Database(core.sqlite.name, { readonly: true });
  try {
    const list = async (cursor: string | null) => {
      const answer = await dispatch(handlers, 'evidence.list', { auditId: audit.id, cursor, limit: PAGE });
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value as { rows: unknown[]; nextCursor: string | null };
    };
    const rawFirst = raw.prepare('SELECT * FROM evidence WHERE audit_id = ? ORDER BY captured_at DESC, id DESC LIMIT ?');
    const rawAll = raw.prepare('SELECT * FROM evidence WHERE audit_id = ? ORDER BY captured_at DESC, id DESC');
    const first = await median(21, () => list(null));
    const firstBase = await median(21, () => JSON.stringify(rawFirst.all(audit.id, PAGE)));
    let seen = 0;
    const whole = await median(5, async () => {
      seen = 0;
      for (let cursor: string | null = null, page = await list(null); ; page = await list(cursor)) {
        seen += page.rows.length;
        cursor = page.nextCursor;
        if (!cursor) break;
      }
    });
    if (seen !== COUNT) throw new Error(`The evidence list gave ${seen} rows of ${COUNT}.`);
    const wholeBase = await median(5, () => JSON.stringify(rawAll.all(audit.id)));
    return [
      { what: `evidence list, first ${PAGE} of ${COUNT / 1000}k`, ours: first, baseline: firstBase, baselineName: 'raw SELECT of the page + JSON' },
      { what: `evidence list, all ${COUNT / 1000}k in pages of ${PAGE}`, ours: whole, baseline: wholeBase, baselineName: 'raw SELECT of every row + JSON' },
    ];
  } finally {
    raw.close();
    core.close();
  }
}
