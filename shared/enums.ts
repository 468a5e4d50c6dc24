// Enumerations shared by the database, the API and the screens.
export const auditStatuses = ['planning', 'fieldwork', 'reporting', 'finalised'] as const;
export type AuditStatus = (typeof auditStatuses)[number];

export const severities = ['critical', 'major', 'minor', 'informational'] as const;
export type Severity = (typeof severities)[number];

export const releaseStages = [
  'rfc-approval',
  'build',
  'pre-deployment',
  'deployment',
  'post-release',
  'emergency',
  'rollback',
  'documentation',
] as const;
export type ReleaseStage = (typeof releaseStages)[number];

export const checklistResults = ['pass', 'fail', 'not-applicable', 'not-tested'] as const;
export type ChecklistResult = (typeof checklistResults)[number];

export const captureMethods = ['file', 'drop', 'clipboard', 'log-excerpt', 'api-response', 'cli', 'import'] as const;
export type CaptureMethod = (typeof captureMethods)[number];

export const custodyEvents = ['captured', 'viewed', 'exported', 'linked', 'redacted'] as const;
export type CustodyEvent = (typeof custodyEvents)[number];
