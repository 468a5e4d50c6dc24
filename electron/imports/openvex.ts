import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { JsonLines } from './json-lines';
import { isObject, str, type Json } from './structured';
import { clip } from './text';
import { readIso } from './time';

// OpenVEX (0.0.x and 0.2.x) documents: each statement a vex-statement fact — the vulnerability by
// name (or @id) with its aliases, the products by @id or purl, the status as the state, the
// justification, the impact or action statement as the detail, and the statement's time and author
// (else the document's).

const statuses = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
const justifications = ['component_not_present', 'vulnerable_code_not_present', 'vulnerable_code_not_in_execute_path', 'vulnerable_code_cannot_be_controlled_by_adversary', 'inline_mitigations_already_exist'];

function product(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  const ids = isObject(value.identifiers) ? value.identifiers : {};
  const own = str(ids.purl) ?? str(value['@id']);
  const subs = Array.isArray(value.subcomponents) ? value.subcomponents.flatMap(product) : [];
  return [...(own ? [own] : []), ...subs];
}

export function parseOpenVex(text: string, value: unknown, sink: FactSink): void {
  const loc = new JsonLines(text);
  if (!isObject(value) || !/openvex/i.test(String(value['@context'] ?? ''))) throw new AppError('VALIDATION', 'This JSON is not an OpenVEX document: its "@context" is not an openvex.dev one.');
  if (!Array.isArray(value.statements)) throw new AppError('VALIDATION', 'This OpenVEX document has no "statements" list (OpenVEX: statements is required).');
  const author = str(value.author);
  const documentTime = str(value.timestamp);
  value.statements.forEach((statement, i) => {
    const at = `statements[${i}]`;
    if (!isObject(statement)) throw new AppError('VALIDATION', `This OpenVEX document's ${at} is not an object.`);
    const s = statement as Json;
    const vuln = isObject(s.vulnerability) ? s.vulnerability : {};
    const id = typeof s.vulnerability === 'string' ? s.vulnerability : str(vuln.name) ?? str(vuln['@id']);
    if (!id) throw new AppError('VALIDATION', `This OpenVEX document's ${at}.vulnerability has no name (OpenVEX: a statement names its vulnerability).`);
    const status = str(s.status);
    if (!status || !(statuses as readonly string[]).includes(status)) throw new AppError('VALIDATION', `This OpenVEX document's ${at}.status ${status ? `"${clip(status, 40)}"` : '(none)'} is not one of ${statuses.join(', ')}.`);
    const justification = str(s.justification);
    if (justification && !justifications.includes(justification)) throw new AppError('VALIDATION', `This OpenVEX document's ${at}.justification "${clip(justification, 60)}" is not one of ${justifications.join(', ')}.`);
    if (status === 'not_affected' && !justification && !str(s.impact_statement)) throw new AppError('VALIDATION', `This OpenVEX document's ${at} says not_affected with neither a justification nor an impact_statement (OpenVEX requires one).`);
    const products = (Array.isArray(s.products) ? s.products : []).flatMap(product).slice(0, 1000);
    const aliases = (Array.isArray(vuln.aliases) ? vuln.aliases : []).map(str).filter((a): a is string => a !== null && a !== id).slice(0, 50);
    const time = str(s.timestamp) ?? documentTime;
    sink.add({
      kind: 'vex-statement',
      lines: loc.lines(['statements', i]),
      format: 'openvex',
      vulnerability: clip(id, 200),
      aliases,
      products,
      state: status as (typeof statuses)[number],
      justification,
      response: [],
      detail: (() => {
        const detail = str(s.impact_statement) ?? str(s.action_statement) ?? str(s.status_notes);
        return detail ? clip(detail, 2000) : null;
      })(),
      at: time ? readIso(time) : null,
      author: str(s.supplier) ?? author,
    });
  });
}
