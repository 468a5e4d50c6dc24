import { LineCounter } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { printable } from '../../shared/api/format';
import { PackContent, PackFile, RULE_PACK_SCHEMA, isPath, type Condition } from '../../shared/api/rules';
import { issueSentence, lineLabel, readSchemaFile } from '../templates/files';

// A rule pack as a person writes it, in YAML: read whole and valid, or refused with the line and
// the field at fault. Nothing is half read: the caller stores nothing unless this returns.

export interface ParsedPack {
  /** The pack this text is a version of; absent for a new pack. */
  id: string | undefined;
  content: PackContent;
}

/** Every path a condition reads, with where it is in the rule. */
function pathsOf(condition: unknown, at: Array<string | number>): Array<[string, Array<string | number>]> {
  const found: Array<[string, Array<string | number>]> = [];
  const stack: Array<[unknown, Array<string | number>]> = [[condition, at]];
  while (stack.length > 0) {
    const [node, where] = stack.pop() as [unknown, Array<string | number>];
    if (typeof node === 'string' && isPath(node)) found.push([node, where]);
    else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) stack.push([child, [...where, Array.isArray(node) ? Number(key) : key]]);
  }
  return found;
}

/** Reads a pack; with the library's controls, a rule mapped to a control the library does not have is refused too. */
export function parsePackText(text: string, fileName: string, controls?: ReadonlyMap<string, unknown>): ParsedPack {
  const lines = new LineCounter();
  const fail = (message: string): never => {
    throw new AppError('VALIDATION', `${fileName}: ${message}. Nothing was saved.`);
  };
  if (text.trim() === '') fail('the file is empty');
  const { document, data } = readSchemaFile(text, lines, fail, { schema: RULE_PACK_SCHEMA, noun: 'rule pack' });
  const refuse = (issue: z.core.$ZodIssue): never => fail(issueSentence(document, lines, issue, 'is not a field here'));
  const file = PackFile.safeParse(data);
  if (!file.success) refuse(file.error.issues[0] as z.core.$ZodIssue);
  const { schema: _schema, id, ...rest } = file.data as z.infer<typeof PackFile>;
  const content = PackContent.safeParse(rest);
  if (!content.success) refuse(content.error.issues[0] as z.core.$ZodIssue);
  const pack = content.data as PackContent;
  // A rule that reads a parameter the pack does not have would quietly never match: said instead.
  pack.rules.forEach((rule, index) => {
    if (controls && !controls.has(rule.control)) fail(`${lineLabel(document, lines, ['rules', index, 'control'])}field "rules.${index}.control": ${rule.control} is not a control of the library`);
    for (const [path, where] of [...pathsOf(rule.when as Condition, ['rules', index, 'when']), ...rule.cite.map((p, i): [string, Array<string | number>] => [p, ['rules', index, 'cite', i]])]) {
      const [scope, name] = path.split('.');
      if (scope === 'params' && name !== undefined && !Object.hasOwn(pack.parameters, name)) {
        fail(`${lineLabel(document, lines, where)}field "${where.map(printable).join('.')}": ${path} names no parameter of the pack (it has ${Object.keys(pack.parameters).join(', ')})`);
      }
      if ((scope === 'ticket' && rule.for !== 'commit-ticket') || (scope === 'fact' && rule.for === 'release')) {
        fail(`${lineLabel(document, lines, where)}field "${where.map(printable).join('.')}": a rule for ${rule.for} has no ${scope}`);
      }
    }
  });
  return { id, content: pack };
}
