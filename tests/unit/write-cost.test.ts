import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../../electron/audits/service';
import { recordResult } from '../../electron/checklist/service';
import { createFinding, updateFinding } from '../../electron/findings/service';
import { newId, utcNow } from '../../electron/ids';
import { savePlan } from '../../electron/plans/service';
import { transact, type Core } from '../../electron/services';
import { DEFAULT_TEMPLATE_V1_ID } from '../../electron/templates/default-template';
import { ensureDefaultTemplate, getVersion } from '../../electron/templates/service';
import { statementsOf } from '../helpers/statements';
import { testCore } from '../helpers/temp';

// The writes an auditor makes all day cost the same whatever the data folder holds: the same
// statements on a history of 2 audits as on one of 12, each an indexed lookup (no SCAN of a table,
// in the statement or in a trigger it fires), repeat detection read from its covering index without
// visiting drafts, and a checklist result's earlier result found by audit and item. Query plans and
// statement counts, not times, so that a regression to a scan fails here on any machine.

const cause = 'The emergency path was used outside its policy by the release team.';

/** `earlier` finished audits, each with findings of two controls (open, with the same cause), and the audit under test with drafts. */
function history(core: Core, earlier: number) {
  ensureDefaultTemplate(core);
  const itemKeys = getVersion(core, DEFAULT_TEMPLATE_V1_ID).content.items.map((i) => i.key);
  const finding = (auditId: string, i: number, status: string) => ({
    id: newId(), auditId, title: `Finding ${i}`, severity: 'major', status, controlId: i % 2 ? 'RA-RFC-01' : 'RA-CAB-01', stage: null, criteria: 'c', condition: 'c', cause,
    effect: 'e', recommendation: 'r', ownerRole: '', ownerName: '', dueAt: null, confidential: false, acceptedBy: '', acceptedReason: '', releaseId: null, sourceResultId: null,
    createdAt: utcNow(), updatedAt: utcNow(),
  });
  for (let a = 0; a < earlier; a += 1) {
    const audit = createAudit(core, { name: `Earlier ${a}`, description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    for (const itemKey of itemKeys.slice(0, 5)) recordResult(core, { auditId: audit.id, itemKey, result: 'fail', note: '' });
    transact(core, (records) => {
      for (let i = 0; i < 6; i += 1) records.insert('findings', finding(audit.id, i, 'open'));
    });
  }
  // Earlier audits were made earlier (not within the same millisecond as the one under test).
  core.sqlite.prepare("UPDATE audits SET created_at = '2025-01-01T00:00:00.000Z'").run();
  const audit = createAudit(core, { name: 'Under test', description: '' });
  pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
  transact(core, (records) => {
    for (let i = 0; i < 3 * earlier; i += 1) records.insert('findings', finding(audit.id, i, 'draft'));
  });
  for (const itemKey of itemKeys.slice(0, 3 * earlier)) recordResult(core, { auditId: audit.id, itemKey, result: 'pass', note: '' });
  return { auditId: audit.id, itemKeys };
}

/** Every statement each write runs, in order, on a data folder with that history. */
function writePath(earlier: number) {
  const core = testCore();
  const { auditId, itemKeys } = history(core, earlier);
  const run = <T>(work: () => T) => statementsOf(core, work);
  const created = run(() => createFinding(core, { auditId, title: 'Raised now', controlId: 'RA-RFC-01', cause }));
  const writes = {
    createFinding: created,
    updateFinding: run(() => updateFinding(core, { id: created.result.id, cause: `${cause} Again.` })),
    firstResult: run(() => recordResult(core, { auditId, itemKey: itemKeys.at(-1) as string, result: 'fail', note: 'first' })),
    replacedResult: run(() => recordResult(core, { auditId, itemKey: itemKeys.at(-1) as string, result: 'pass', note: 'again' })),
    createAudit: run(() => createAudit(core, { name: 'New', description: '' })),
    savePlan: run(() => savePlan(core, { auditId, objective: 'Check the releases.' })),
  };
  return { core, writes, repeatCount: created.result.repeatCount };
}

/** The query plan of a statement, with every parameter bound to null. */
function planOf(core: Core, sql: string): string[] {
  const statement = core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const names = [...new Set([...sql.matchAll(/[@$:]([A-Za-z_]\w*)/g)].map((m) => m[1] as string))];
  const positional = (sql.match(/\?/g) ?? []).length;
  const rows = names.length > 0 ? statement.all(Object.fromEntries(names.map((n) => [n, null]))) : statement.all(...new Array<null>(positional).fill(null));
  return (rows as Array<{ detail: string }>).map((r) => r.detail);
}

/** A plan line that reads a whole table (a virtual table of JSON parameters is not a table). */
const scans = (plan: string[]) => plan.filter((line) => /^SCAN /.test(line) && !/VIRTUAL TABLE|CONSTANT ROW/.test(line));

/**
 * The tables whose foreign keys name this one. Inserting a row here plans a look at them for child rows
 * an earlier deferred violation left waiting; SQLite runs it only while one is outstanding (OP_FkIfZero),
 * which the app never leaves, so that line of an INSERT's plan is not a read of the table.
 */
function childTables(core: Core, parent: string): Set<string> {
  const tables = core.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  return new Set(
    tables.filter((table) => (core.sqlite.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').pluck().all(table) as string[]).includes(parent)),
  );
}

/** The scans of one statement that read data: for an INSERT, the deferred-violation checks above are left out. */
function dataScans(core: Core, sql: string): string[] {
  const inserted = /^\s*INSERT INTO\s+"?(\w+)"?/i.exec(sql)?.[1];
  const children = inserted ? childTables(core, inserted) : new Set<string>();
  return scans(planOf(core, sql)).filter((line) => !children.has(/^SCAN (\w+)/.exec(line)?.[1] ?? ''));
}

/** The WHEN of each trigger on the tables written, as a statement whose plan can be read. */
function triggerLookups(core: Core, tables: string[]): Array<{ name: string; sql: string }> {
  const triggers = core.sqlite.prepare("SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string; tableName: string; sql: string }>;
  return triggers
    .filter((t) => tables.includes(t.tableName))
    .flatMap((t) => {
      const when = /\bWHEN\s+\((SELECT[\s\S]+?)\)\s*(=|<>|IS|IN)[\s\S]*?\bBEGIN\b/i.exec(t.sql);
      return when ? [{ name: t.name, sql: (when[1] as string).replace(/\b(NEW|OLD)\.\w+/g, '?') }] : [];
    });
}

describe('the write path', () => {
  it('runs the same statements on a history of 12 audits as on one of 2, and a few of them', () => {
    const small = writePath(2);
    const large = writePath(12);
    // Each earlier audit has three findings of the control with the same cause.
    expect(small.repeatCount).toBe(6);
    expect(large.repeatCount).toBe(36);
    for (const [name, write] of Object.entries(large.writes)) {
      expect({ name, statements: write.statements }).toEqual({ name, statements: small.writes[name as keyof typeof small.writes].statements });
    }
    const counts = Object.fromEntries(Object.entries(large.writes).map(([name, write]) => [name, write.statements.length]));
    // A write is BEGIN, one statement per row, the ledger's seven per entry, COMMIT, and what its answer reads.
    // (An insert stores no field clocks; the first edit of a field reads its record's insert clock instead.)
    // (Repeat detection is four reads, whatever the history: audit times, the control's causes (while they are few; beyond, the word index's two), their groups, the newest finding.)
    expect(counts.createAudit).toBeLessThanOrEqual(18);
    expect(counts.createFinding).toBeLessThanOrEqual(14);
    expect(counts.updateFinding).toBeLessThanOrEqual(16);
    expect(counts.replacedResult).toBeLessThanOrEqual(15);
  });

  it('reads no table whole: every statement, and every trigger they fire, is an indexed lookup', () => {
    const { core, writes } = writePath(3);
    const problems: string[] = [];
    const written = new Set<string>();
    for (const [name, write] of Object.entries(writes)) {
      for (const sql of write.statements) {
        const found = dataScans(core, sql);
        if (found.length > 0) problems.push(`${name}: ${sql.replace(/\s+/g, ' ').slice(0, 120)} → ${found.join('; ')}`);
        const target = /^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?/i.exec(sql);
        if (target) written.add((target[1] as string).toLowerCase());
      }
    }
    expect(written).toEqual(new Set(['audits', 'audit_plans', 'findings', 'checklist_results', 'ledger', 'ledger_heads', 'meta', 'field_clocks']));
    const lookups = triggerLookups(core, [...written]);
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      const plan = planOf(core, lookup.sql);
      if (scans(plan).length > 0) problems.push(`trigger ${lookup.name}: ${scans(plan).join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('looks repeats up in their covering index past the drafts, and a result by audit and item', () => {
    const { core, writes } = writePath(2);
    // Repeat detection reads the derived cause tables and one earlier finding, never every earlier finding of the control.
    const repeatQueries = writes.createFinding.statements.filter((sql) => /finding_cause_(groups|totals)|r\.status IN/.test(sql));
    expect(repeatQueries).toHaveLength(3);
    const plans = repeatQueries.map((sql) => planOf(core, sql).join('\n')).join('\n');
    expect(plans).toMatch(/SEARCH finding_cause_totals USING (COVERING )?INDEX sqlite_autoindex_finding_cause_totals_1 \(control_key=\?\)/);
    expect(plans).toMatch(/SEARCH g USING (COVERING )?INDEX (finding_cause_groups_time_idx|sqlite_autoindex_finding_cause_groups_1) \(control_key=\? AND cause=\? AND audit_created_at[<>]=?\?\)/);
    expect(plans).toMatch(/SEARCH r USING COVERING INDEX findings_repeat_lookup_idx \(<expr>=\? AND status=\? AND cause=\? AND audit_id=\?\)/);
    const earlierResult = writes.replacedResult.statements.filter((sql) => /from "checklist_results" where/i.test(sql));
    expect(earlierResult.length).toBeGreaterThan(0);
    expect(planOf(core, earlierResult[0] as string).join('\n')).toMatch(/checklist_results_item_idx \(audit_id=\? AND item_key=\? AND release_id=\?\)/);
  });
});
