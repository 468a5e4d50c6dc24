import { findingCauseGroups, findingCauseTotals, findingCauseWordCounts, findingCauseWords, findingCausesUnindexed, findings } from '../db/schema';
import type { LocalTable, RecordKind } from '../registry/types';

// The records of the findings domain, as the registry knows them (see ARCHITECTURE.md).

export const findingRecords = [
  {
    entity: 'findings',
    table: findings,
    owner: { field: 'auditId', entity: 'audits' },
    freezes: true,
    appendOnly: false,
    references: { releaseId: { entity: 'releases' }, controlId: { entity: 'controls' }, sourceResultId: { entity: 'checklist_results' } },
    linkTarget: { type: 'finding', label: "SELECT 'finding: ' || title AS label FROM findings WHERE id = ?" },
    noun: 'finding',
  },
] as const satisfies readonly RecordKind[];

/** What repeat detection reads, derived from the findings by triggers on this laptop (electron/db/repeat-schema.ts). */
export const findingLocalTables: LocalTable[] = [
  { table: findingCauseGroups, local: 'how many raised findings of each audit give a control each cause, derived from the findings' },
  { table: findingCauseTotals, local: 'how many raised findings give a control each cause, derived from the findings' },
  { table: findingCauseWords, local: 'the words of each distinct cause of a control, derived from the cause totals' },
  { table: findingCauseWordCounts, local: 'how many distinct causes of a control have each word, derived from the cause words' },
  { table: findingCausesUnindexed, local: 'distinct causes not yet split into words, derived from the cause totals' },
];
