import type { z } from 'zod';
import { AppError, type ApiResult } from '../../shared/api/errors';
import { describeIssues } from '../../shared/api/format';
import { shapeProblem } from '../common/input-limits';
import { toErrorBody } from '../error-body';

// One method's call as every transport makes it: the input checked against its contract, the
// handler run, its answer checked, any failure turned into a typed error with a readable sentence.
// Kept apart from dispatch.ts (which loads the whole contract to look the method up), so that a
// command that runs one known method (`release-audit evidence add`) loads only that method's slice.

export interface MethodDefinition {
  input: z.ZodType;
  output: z.ZodType;
}

export async function runMethod(definition: MethodDefinition, handler: (input: unknown) => unknown, method: string, rawInput: unknown): Promise<ApiResult<unknown>> {
  try {
    const tooBig = shapeProblem(rawInput);
    if (tooBig) throw new AppError('VALIDATION', `Invalid input for ${method}: ${tooBig}.`);
    const parsed = definition.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new AppError('VALIDATION', `Invalid input for ${method}: ${describeIssues(parsed.error.issues, rawInput ?? {})}.`);
    }
    const value = await handler(parsed.data);
    const checked = definition.output.safeParse(value);
    if (!checked.success) {
      throw new AppError('INTERNAL', `The answer to ${method} broke the API contract: ${describeIssues(checked.error.issues, value)}.`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}
