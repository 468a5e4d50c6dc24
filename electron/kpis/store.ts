import type Database from 'better-sqlite3';
import type { Core } from '../services';
import { auditFigures } from './figures';

// The kept KPI figures (electron/db/kpi-schema.ts): triggers mark an audit dirty whenever one of its
// records changes; before a view reads the figures, the dirty audits' figures are worked out again,
// and only theirs. A view of fifty audits after one audit changed recomputes that one audit.

interface Statements {
  dirty: Database.Statement;
  exists: Database.Statement;
  clear: Database.Statement;
  insert: Database.Statement;
  undirty: Database.Statement;
}

const statements = new WeakMap<Database.Database, Statements>();

function prepared(sqlite: Database.Database): Statements {
  let found = statements.get(sqlite);
  if (!found) {
    found = {
      dirty: sqlite.prepare('SELECT audit_id AS auditId FROM kpi_dirty ORDER BY audit_id'),
      exists: sqlite.prepare('SELECT 1 FROM audits WHERE id = ?'),
      clear: sqlite.prepare('DELETE FROM kpi_figures WHERE audit_id = ?'),
      insert: sqlite.prepare(
        `INSERT INTO kpi_figures (audit_id, release_id, system, team, month, kpi, part, due_on, numerator, denominator)
         VALUES (@auditId, @releaseId, @system, @team, @month, @kpi, @part, @dueOn, @numerator, @denominator)`,
      ),
      undirty: sqlite.prepare('DELETE FROM kpi_dirty WHERE audit_id = ?'),
    };
    statements.set(sqlite, found);
  }
  return found;
}

/** Recomputes the figures of every audit marked dirty, each in one transaction; answers which audits it recomputed. */
export function refreshKpis(core: Core): string[] {
  const sql = prepared(core.sqlite);
  const dirty = (sql.dirty.all() as Array<{ auditId: string }>).map((d) => d.auditId);
  for (const auditId of dirty) {
    core.sqlite.transaction(() => {
      sql.clear.run(auditId);
      // An audit that is gone (a bundle import that was undone) leaves no figures behind.
      if (sql.exists.get(auditId)) for (const figure of auditFigures(core, auditId)) sql.insert.run({ auditId, ...figure });
      sql.undirty.run(auditId);
    })();
  }
  return dirty;
}
