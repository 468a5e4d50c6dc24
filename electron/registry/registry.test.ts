import fs from 'node:fs';
import path from 'node:path';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { linkTargetTypes } from '../../shared/api/evidence';
import * as schema from '../db/schema';
import { frozenEntities } from '../ledger/scope';
import { testCore } from '../../tests/helpers/temp';
import { registryProblems } from './check';
import { allLocalTables, allRecordKinds, linkTargetTypesOfKinds, mergeOrder, mergeOrderOf, referencesOf } from './registry';
import { missingTriggerSql, triggerProblems } from './triggers';
import type { RecordKind } from './types';

// The registry fails closed: a table nobody declared, a descriptor naming what does not exist, a
// foreign key no descriptor names, references in a cycle, or triggers that differ from what the
// descriptors say are all caught here, before any of it can ship a record whole or skip a freeze.

const kinds = allRecordKinds();
const locals = allLocalTables();
const kind = (entity: string) => kinds.find((k) => k.entity === entity) as RecordKind;

describe('the record registry', () => {
  it('declares every table of the schema, and names only fields, parents and kinds that exist', () => {
    expect(registryProblems(schema, kinds, locals)).toEqual([]);
  });

  it('fails when a drizzle table has no descriptor', () => {
    const unclaimed = sqliteTable('unclaimed_notes', { id: text('id').primaryKey(), auditId: text('audit_id').notNull() });
    expect(registryProblems({ ...schema, unclaimed }, kinds, locals)).toEqual([
      "table unclaimed_notes has no descriptor: declare it in its domain's records.ts (a record kind, or a local table).",
    ]);
  });

  it('fails when a descriptor names a field, a parent or a record kind that does not exist, or leaves a foreign key out', () => {
    const wrong: RecordKind[] = [
      { ...kind('findings'), owner: { field: 'auditID', entity: 'audits' } },
      { ...kind('interview_notes'), references: { interviewId: { entity: 'interview' } } },
      { ...kind('evidence'), vaultFile: 'sha' },
      // checklist_results.release_id is a foreign key: leaving it out would take it out of the merge order and the checks.
      { ...kind('checklist_results'), references: { templateVersionId: { entity: 'template_versions' } } },
    ];
    const others = kinds.filter((k) => !wrong.some((w) => w.entity === k.entity));
    expect(registryProblems(schema, [...others, ...wrong], locals)).toEqual([
      'record kind findings: its owner field auditID is not a field of the table.',
      'record kind findings: the foreign key auditId → audits is not declared as its owner or a reference.',
      'record kind interview_notes: the reference interviewId names interview is not a record kind.',
      'record kind interview_notes: the foreign key interviewId → interviews is not declared as its owner or a reference.',
      'record kind evidence: its vault file field sha is not a field of the table.',
      'record kind checklist_results: the foreign key releaseId → releases is not declared as its owner or a reference.',
    ]);
  });

  it('orders the merge from the references: every kind before each kind it names, and a cycle is an error', () => {
    expect([...mergeOrder].sort()).toEqual(kinds.map((k) => k.entity).sort());
    for (const k of kinds) {
      for (const [, reference] of referencesOf(k.entity)) {
        if (reference.entity !== k.entity) expect(mergeOrder.indexOf(k.entity), `${k.entity} before ${reference.entity}`).toBeLessThan(mergeOrder.indexOf(reference.entity));
      }
    }
    const cycle: RecordKind[] = [
      { ...kind('audits'), references: { templateVersionId: { entity: 'template_versions' } } },
      { ...kind('template_versions'), references: { templateId: { entity: 'checklist_templates' } } },
      { ...kind('checklist_templates'), references: { draftOf: { entity: 'audits' } } },
    ];
    expect(() => mergeOrderOf(cycle)).toThrow(/cycle \(.*→.*\): the merge has no order/);
  });

  it('gives the contract the link types of the kinds evidence can link to, and nothing else', () => {
    expect(linkTargetTypesOfKinds().sort()).toEqual([...linkTargetTypes].sort());
  });

  it('freezes (at least) the records the hand-written list froze before the registry', () => {
    expect([...frozenEntities]).toEqual(
      expect.arrayContaining(
      ['audits', 'audit_plans', 'releases', 'change_tickets', 'runbook_steps', 'release_components', 'checklist_results', 'evidence', 'evidence_links', 'interviews', 'interview_notes', 'warroom_entries', 'findings'],
      ),
    );
  });
});

describe('the freeze and append-only triggers', () => {
  const migrations = () => {
    const folder = path.join(__dirname, '../../migrations');
    return fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n');
  };

  it('are all written by the migrations, and the database holds exactly what the descriptors call for', () => {
    expect(missingTriggerSql(migrations())).toEqual([]);
    const core = testCore();
    expect(triggerProblems(core.sqlite)).toEqual([]);
  });

  it('are missed when a descriptor says a kind freezes or is append-only and no migration says so', () => {
    const core = testCore();
    const stricter = kinds.map((k) => (k.entity === 'custody_events' ? { ...k, freezes: true } : k.entity === 'findings' ? { ...k, appendOnly: true, refuses: ['delete' as const] } : k));
    expect(triggerProblems(core.sqlite, stricter, locals).map((p) => p.location)).toEqual([
      'trigger custody_events_frozen_insert',
      'trigger findings_no_delete',
    ]);
    expect(missingTriggerSql(migrations(), stricter, locals)).toEqual([
      "CREATE TRIGGER `custody_events_frozen_insert` BEFORE INSERT ON `custody_events` WHEN (SELECT (SELECT status FROM audits WHERE id = p0.audit_id) FROM evidence p0 WHERE p0.id = NEW.evidence_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;",
      "CREATE TRIGGER `findings_no_delete` BEFORE DELETE ON `findings` BEGIN SELECT RAISE(ABORT, 'The finding records are append-only: they cannot be removed.'); END;",
    ]);
    // And a freeze trigger on a kind whose descriptor says it does not freeze refuses what the app may write.
    const looser = kinds.map((k) => (k.entity === 'releases' ? { ...k, freezes: false } : k));
    expect(triggerProblems(core.sqlite, looser, locals).map((p) => p.location)).toEqual(['trigger releases_frozen_insert', 'trigger releases_frozen_update', 'trigger releases_frozen_delete']);
  });
});
