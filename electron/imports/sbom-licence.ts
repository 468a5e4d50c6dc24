import parse from 'spdx-expression-parse';
import type { z } from 'zod';
import type { ComponentLicence } from '../../shared/api/imports';
import { clip } from './text';

// A component's licence as an SBOM declares it, parsed with a real SPDX expression parser: the ids it
// names, whether it parses (and why not), and the SPDX "NOASSERTION" / "NONE" or a licence given only by name.

export type Licence = z.infer<typeof ComponentLicence>;

type Node = { license: string; plus?: boolean; exception?: string } | { left: Node; conjunction: string; right: Node };

function collect(node: Node, into: Set<string>): void {
  if ('license' in node) into.add(node.license);
  else {
    collect(node.left, into);
    collect(node.right, into);
  }
}

const missing = (): Licence => ({ expression: null, ids: [], valid: false, problem: 'No licence is declared.', assertion: 'noassertion' });

/** One SPDX expression (or NOASSERTION / NONE) as written. */
export function licenceFromExpression(written: string | null): Licence {
  const expression = written?.trim() ?? '';
  if (expression === '' || expression === 'NOASSERTION') return { ...missing(), expression: expression === '' ? null : 'NOASSERTION', problem: expression === '' ? 'No licence is declared.' : 'The SBOM makes no assertion about the licence (NOASSERTION).' };
  if (expression === 'NONE') return { expression: 'NONE', ids: [], valid: true, problem: 'The SBOM says there is no licence (NONE).', assertion: 'none' };
  try {
    const ids = new Set<string>();
    collect(parse(expression) as Node, ids);
    return { expression: clip(expression, 2000), ids: [...ids], valid: true, problem: null, assertion: 'declared' };
  } catch (error) {
    return { expression: clip(expression, 2000), ids: [], valid: false, problem: `"${clip(expression, 120)}" is not a valid SPDX licence expression (${clip((error as Error).message, 120)}).`, assertion: 'declared' };
  }
}

/** CycloneDX `licenses`: a list of { license: { id | name } } or { expression }; several are joined with AND. */
export function licenceFromChoices(entries: Array<{ id?: string | null; name?: string | null; expression?: string | null }>): Licence {
  const parts: string[] = [];
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.expression) parts.push(entry.expression.trim());
    else if (entry.id) parts.push(entry.id.trim());
    else if (entry.name) names.push(entry.name.trim());
  }
  if (parts.length === 0 && names.length === 0) return missing();
  if (parts.length === 0) {
    return { expression: clip(names.join(' AND '), 2000), ids: [], valid: false, problem: `The licence is given only by name (${clip(names.map((n) => `"${n}"`).join(', '), 200)}), not as an SPDX id or expression.`, assertion: 'name-only' };
  }
  const joined = parts.length === 1 ? parts[0] as string : parts.map((p) => (/\s(?:AND|OR)\s/i.test(p) ? `(${p})` : p)).join(' AND ');
  const parsed = licenceFromExpression(joined);
  if (names.length === 0 || !parsed.valid) return parsed;
  return { ...parsed, valid: false, problem: `Besides ${joined}, a licence is given only by name (${clip(names.map((n) => `"${n}"`).join(', '), 200)}).`, assertion: 'name-only' };
}
