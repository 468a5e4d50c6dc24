import parse from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import { AppError } from '../../shared/api/errors';
import type { ComponentLicence } from '../../shared/api/imports';
import type { LicenceLists, LicenceVerdict } from '../../shared/api/licences';
import type { z } from 'zod';

// A component's licence judged against a policy, on its parsed SPDX expression with spdx-satisfies:
// allowed when the allowed licences alone satisfy it (an OR needs one allowed side, an AND every
// part), review when allowed and review ones together do, denied when it can be met only with a
// denied licence, unknown when a licence it needs is in no list (or it does not parse), missing
// when none is declared (NOASSERTION, NONE, or no licence at all).

type Licence = z.infer<typeof ComponentLicence>;
type Node = { license: string; plus?: boolean; exception?: string } | { left: Node; conjunction: string; right: Node };

export interface Verdict {
  verdict: LicenceVerdict;
  reason: string;
}

function leaves(node: Node, into: string[]): string[] {
  if ('license' in node) into.push(`${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`);
  else {
    leaves(node.left, into);
    leaves(node.right, into);
  }
  return into;
}

const quoted = (items: string[]) => items.map((i) => `${i}`).join(', ');
const meets = (expression: string, list: string[]) => list.length > 0 && satisfies(expression, list);

export function licenceVerdict(licence: Licence, policy: LicenceLists): Verdict {
  if (licence.assertion === 'noassertion' || licence.assertion === 'none' || licence.expression === null) {
    return { verdict: 'missing', reason: licence.problem ?? 'No licence is declared.' };
  }
  if (!licence.valid) return { verdict: 'unknown', reason: licence.problem ?? `"${licence.expression}" is not an SPDX licence expression.` };
  const expression = licence.expression;
  let parts: string[];
  try {
    parts = [...new Set(leaves(parse(expression) as Node, []))];
  } catch {
    return { verdict: 'unknown', reason: `"${expression}" is not a valid SPDX licence expression.` };
  }
  try {
    const inList = (list: string[]) => parts.filter((part) => meets(part, list));
    if (meets(expression, policy.allowed)) return { verdict: 'allowed', reason: `${expression} is allowed by the licence policy.` };
    const reviewable = [...policy.allowed, ...policy.review];
    if (meets(expression, reviewable)) return { verdict: 'review', reason: `${expression} needs review under the licence policy (${quoted(inList(policy.review))}).` };
    if (meets(expression, [...reviewable, ...policy.denied])) return { verdict: 'denied', reason: `${expression} is denied by the licence policy (${quoted(inList(policy.denied))}).` };
    const listed = [...reviewable, ...policy.denied];
    const unlisted = parts.filter((part) => !meets(part, listed));
    return { verdict: 'unknown', reason: `${expression} names ${unlisted.length === 1 ? 'a licence' : 'licences'} the policy does not list (${quoted(unlisted)}).` };
  } catch (error) {
    return { verdict: 'unknown', reason: `${expression} could not be judged against the policy (${(error as Error).message}).` };
  }
}

/** Refuses a policy entry that is not one SPDX licence (an id, LicenseRef-, range or id WITH exception), or one in two lists. */
export function checkPolicy(lists: LicenceLists): void {
  const seen = new Map<string, string>();
  for (const name of ['allowed', 'review', 'denied'] as const) {
    lists[name].forEach((entry, i) => {
      let node: Node;
      try {
        node = parse(entry) as Node;
      } catch {
        throw new AppError('VALIDATION', `${name}[${i}]: "${entry}" is not an SPDX licence id (like MIT, GPL-2.0-only, LicenseRef-acme or Apache-2.0 WITH LLVM-exception).`);
      }
      if (!('license' in node)) throw new AppError('VALIDATION', `${name}[${i}]: "${entry}" combines licences with AND or OR; list each licence on its own.`);
      try {
        satisfies('MIT', [entry]);
      } catch (error) {
        throw new AppError('VALIDATION', `${name}[${i}]: "${entry}" cannot be used in a policy (${(error as Error).message}).`);
      }
      const earlier = seen.get(entry);
      if (earlier) throw new AppError('VALIDATION', `"${entry}" is listed both as ${earlier} and as ${name}; a licence belongs to one list.`);
      seen.set(entry, name);
    });
  }
}
