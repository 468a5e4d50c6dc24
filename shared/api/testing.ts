import { z } from 'zod';
import { Id, UtcTimestamp, requiredText, text } from './common';
import { defineMethod } from './define';
import { LineRange } from './imports';

// Tests and scans of a release: the audit's own settings (which scan results are serious enough to
// draft a finding, which test suites are integration, regression, smoke or unit tests), the QA
// sign-off recorded against an imported test report, and what a release's tests and scans add up to.

export const testKinds = ['integration', 'regression', 'smoke', 'unit', 'other'] as const;
export type TestKind = (typeof testKinds)[number];

export const scanLevels = ['error', 'warning', 'note', 'none'] as const;
export type ScanLevel = (typeof scanLevels)[number];

/** Which scan results are "above the threshold": at or above a SARIF level, and/or at or above a security-severity score. */
export const ScanThreshold = z.strictObject({
  /** The lowest SARIF level that counts (error counts errors only; warning counts errors and warnings). */
  level: z.enum(scanLevels, { message: `must be one of ${scanLevels.join(', ')}` }),
  /** The lowest security-severity score (0–10, CVSS-like) that counts; null to look at levels only. */
  minScore: z.number({ message: 'must be a score from 0 to 10' }).min(0, 'must be a score from 0 to 10').max(10, 'must be a score from 0 to 10').nullable(),
  /** either: the level or the score is enough; both: a result needs the level and the score. */
  combine: z.enum(['either', 'both'], { message: 'must be either or both' }),
});
export type ScanThreshold = z.infer<typeof ScanThreshold>;

export const testKindFields = ['suite', 'classname', 'file'] as const;

/** The regular expression a mapping pattern stands for: a glob (`*` any text, `?` one character, case ignored) or a regex as written. */
export function testKindPattern(syntax: 'glob' | 'regex', pattern: string): RegExp {
  if (syntax === 'regex') return new RegExp(pattern, 'u');
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'iu');
}

/** Why a pattern cannot be used, in a sentence; null when it can. */
export function testKindPatternProblem(syntax: 'glob' | 'regex', pattern: string): string | null {
  try {
    testKindPattern(syntax, pattern);
    return null;
  } catch (error) {
    return `"${pattern.slice(0, 80)}" is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '').slice(0, 120)})`;
  }
}

/** One line of the mapping: where to look, a pattern, and the kind of test it means. The first line that matches wins. */
export const TestKindRule = z
  .strictObject({
    field: z.enum(testKindFields, { message: `must be one of ${testKindFields.join(', ')}` }),
    syntax: z.enum(['glob', 'regex'], { message: 'must be glob or regex' }),
    pattern: requiredText('Pattern', 200),
    kind: z.enum(testKinds, { message: `must be one of ${testKinds.join(', ')}` }),
  })
  .superRefine((rule, ctx) => {
    const problem = testKindPatternProblem(rule.syntax, rule.pattern);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });
export type TestKindRule = z.infer<typeof TestKindRule>;

export const TestSettings = z.object({
  auditId: Id,
  scanThreshold: ScanThreshold,
  testKinds: z.array(TestKindRule),
  /** Whether the audit set these itself (false: the shipped defaults). */
  saved: z.boolean(),
  updatedAt: UtcTimestamp.nullable(),
  updatedBy: z.string(),
});
export type TestSettings = z.infer<typeof TestSettings>;

export const signOffDecisions = ['accepted', 'accepted-with-exceptions', 'rejected'] as const;
export const signOffDecisionLabels: Record<(typeof signOffDecisions)[number], string> = {
  accepted: 'accepted',
  'accepted-with-exceptions': 'accepted with exceptions',
  rejected: 'rejected',
};

export const SignOffFields = z.strictObject({
  importId: Id,
  signedBy: requiredText('Signed by', 200),
  role: requiredText('Role', 200),
  signedAt: UtcTimestamp,
  decision: z.enum(signOffDecisions, { message: `must be one of ${signOffDecisions.join(', ')}` }),
  note: text('Note', 5000).default(''),
});

export const TestSignOff = z.object({
  id: Id,
  auditId: Id,
  importId: Id,
  releaseId: Id.nullable(),
  signedBy: z.string(),
  role: z.string(),
  signedAt: UtcTimestamp,
  decision: z.enum(signOffDecisions),
  note: z.string(),
  recordedAt: UtcTimestamp,
  recordedBy: z.string(),
});
export type TestSignOff = z.infer<typeof TestSignOff>;

const KindCount = z.object({ kind: z.enum(testKinds), suites: z.number().int(), tests: z.number().int(), failures: z.number().int(), errors: z.number().int(), skipped: z.number().int() });

/** A release's tests and scans as the Tests & scans tab and the report show them. */
export const ReleaseTests = z.object({
  releaseId: Id,
  reports: z.array(
    z.object({
      importId: Id,
      evidenceId: Id,
      name: z.string().nullable(),
      tests: z.number().int(),
      failures: z.number().int(),
      errors: z.number().int(),
      skipped: z.number().int(),
      /** The newest sign-off of this report, null when none. */
      signOff: TestSignOff.nullable(),
    }),
  ),
  kinds: z.array(KindCount),
  failures: z.array(
    z.object({
      factId: Id,
      importId: Id,
      suite: z.string(),
      classname: z.string().nullable(),
      name: z.string(),
      outcome: z.enum(['failure', 'error']),
      message: z.string().nullable(),
      kind: z.enum(testKinds),
      lines: LineRange,
    }),
  ),
  /** More failures than listed (the list stops at 5,000). */
  failuresLeftOut: z.number().int(),
  scans: z.array(z.object({ importId: Id, tool: z.string(), version: z.string().nullable(), levels: z.record(z.string(), z.number().int()), suppressed: z.number().int(), aboveThreshold: z.number().int() })),
  suppressed: z.array(
    z.object({
      factId: Id,
      tool: z.string(),
      ruleId: z.string().nullable(),
      level: z.enum(scanLevels),
      location: z.string().nullable(),
      startLine: z.number().int().nullable(),
      status: z.string().nullable(),
      justification: z.string().nullable(),
      lines: LineRange,
    }),
  ),
});
export type ReleaseTests = z.infer<typeof ReleaseTests>;

export const testingContract = {
  'testing.settings': defineMethod({
    summary: "An audit's scan threshold and test-kind mapping (the shipped defaults until it saves its own).",
    input: z.strictObject({ auditId: Id }),
    output: TestSettings,
  }),
  'testing.saveSettings': defineMethod({
    summary: "Save an audit's scan threshold and test-kind mapping.",
    input: z.strictObject({ auditId: Id, scanThreshold: ScanThreshold, testKinds: z.array(TestKindRule).max(100, 'a mapping has at most 100 lines') }),
    output: TestSettings,
  }),
  'testing.signOff': defineMethod({
    summary: 'Record a QA sign-off (who, role, when, decision) against an imported test report.',
    input: SignOffFields,
    output: TestSignOff,
  }),
  'testing.signOffs': defineMethod({
    summary: "The QA sign-offs of an audit's test reports, newest first.",
    input: z.strictObject({ auditId: Id, importId: Id.optional() }),
    output: z.array(TestSignOff),
  }),
  'testing.release': defineMethod({
    summary: "A release's test totals per kind, failing tests, scans by tool and level, suppressed results and sign-offs.",
    input: z.strictObject({ releaseId: Id }),
    output: ReleaseTests,
  }),
};
