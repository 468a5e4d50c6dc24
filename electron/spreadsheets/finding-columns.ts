import type { CellType } from './table';

// The findings sheet's columns, once: the export writes these headers, and the import reads them back
// (and the names other spreadsheets give the same thing), case and spacing aside.

export type ImportField =
  | 'title'
  | 'severity'
  | 'status'
  | 'controlId'
  | 'stage'
  | 'criteria'
  | 'condition'
  | 'cause'
  | 'effect'
  | 'recommendation'
  | 'ownerRole'
  | 'ownerName'
  | 'dueAt'
  | 'confidential';

export interface FindingColumn {
  header: string;
  type: CellType;
  /** The finding field an import takes this column as (none: written out, not read back). */
  field?: ImportField;
  /** Other headers meaning the same, as teams' spreadsheets name them. */
  aliases?: string[];
}

export const findingColumns: FindingColumn[] = [
  { header: 'ID', type: 'text' },
  { header: 'Title', type: 'text', field: 'title', aliases: ['finding', 'finding title', 'name', 'summary', 'issue', 'subject'] },
  { header: 'Severity', type: 'text', field: 'severity', aliases: ['priority', 'rating', 'risk rating', 'risk level', 'criticality'] },
  { header: 'Status', type: 'text', field: 'status', aliases: ['state', 'finding status'] },
  { header: 'Control', type: 'text', field: 'controlId', aliases: ['control id', 'control ref', 'control reference'] },
  { header: 'Stage', type: 'text', field: 'stage', aliases: ['release stage', 'phase'] },
  { header: 'Criteria', type: 'text', field: 'criteria', aliases: ['criterion', 'requirement', 'expected'] },
  { header: 'Condition', type: 'text', field: 'condition', aliases: ['observation', 'description', 'details', 'finding details', 'what we found'] },
  { header: 'Cause', type: 'text', field: 'cause', aliases: ['root cause', 'reason'] },
  { header: 'Effect', type: 'text', field: 'effect', aliases: ['impact', 'risk', 'consequence'] },
  { header: 'Recommendation', type: 'text', field: 'recommendation', aliases: ['recommendations', 'remediation', 'remediation plan', 'action', 'action plan', 'management action'] },
  { header: 'Owner role', type: 'text', field: 'ownerRole', aliases: ['role', 'owner team', 'team', 'department'] },
  { header: 'Owner', type: 'text', field: 'ownerName', aliases: ['owner name', 'assignee', 'assigned to', 'responsible', 'action owner'] },
  { header: 'Due', type: 'date', field: 'dueAt', aliases: ['due date', 'target date', 'deadline', 'due by', 'remediation date'] },
  { header: 'Confidential', type: 'boolean', field: 'confidential', aliases: ['internal', 'restricted'] },
  { header: 'Evidence', type: 'number' },
  { header: 'Repeats', type: 'number' },
  { header: 'Raised (UTC)', type: 'datetime' },
  { header: 'Updated (UTC)', type: 'datetime' },
  { header: 'Risk accepted by', type: 'text' },
  { header: 'Why the risk is accepted', type: 'text' },
];

/** A header as compared: lower case, spaces, dashes and underscores as one space, no trailing punctuation. */
export const headerKey = (header: string): string =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(utc\)/g, '')
    .replace(/[\s_\-.]+/g, ' ')
    .replace(/[:*#?]+$/, '')
    .trim();

/** Every header the import reads, by its compared form. */
export const fieldByHeader: Map<string, ImportField> = new Map(
  findingColumns.flatMap((c) => (c.field ? [c.header, ...(c.aliases ?? [])].map((h) => [headerKey(h), c.field as ImportField] as const) : [])),
);
