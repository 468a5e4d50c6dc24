import type { ScanThreshold, TestKindRule } from '../../shared/api/testing';

// The shipped test and scan settings, used until an audit saves its own.

export const defaultScanThreshold: ScanThreshold = { level: 'error', minScore: 7, combine: 'either' };

/** The shipped mapping: the usual names of integration, regression, smoke and unit tests (Surefire/Failsafe, jest, pytest). */
export const defaultTestKinds: TestKindRule[] = [
  { field: 'classname', syntax: 'regex', pattern: '(IT|ITCase|IntegrationTests?)$', kind: 'integration' },
  { field: 'suite', syntax: 'regex', pattern: '(IT|ITCase|IntegrationTests?)$', kind: 'integration' },
  { field: 'suite', syntax: 'glob', pattern: '*integration*', kind: 'integration' },
  { field: 'file', syntax: 'glob', pattern: '*integration*', kind: 'integration' },
  { field: 'suite', syntax: 'glob', pattern: '*regression*', kind: 'regression' },
  { field: 'classname', syntax: 'glob', pattern: '*regression*', kind: 'regression' },
  { field: 'file', syntax: 'glob', pattern: '*regression*', kind: 'regression' },
  { field: 'suite', syntax: 'glob', pattern: '*smoke*', kind: 'smoke' },
  { field: 'classname', syntax: 'glob', pattern: '*smoke*', kind: 'smoke' },
  { field: 'file', syntax: 'glob', pattern: '*smoke*', kind: 'smoke' },
  { field: 'classname', syntax: 'regex', pattern: '(Test|Tests|Spec)$', kind: 'unit' },
  { field: 'suite', syntax: 'regex', pattern: '(Test|Tests|Spec)$', kind: 'unit' },
  { field: 'file', syntax: 'glob', pattern: '*.test.*', kind: 'unit' },
  { field: 'file', syntax: 'glob', pattern: '*test_*.py', kind: 'unit' },
];
