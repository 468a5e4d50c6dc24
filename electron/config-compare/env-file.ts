import { AppError } from '../../shared/api/errors';
import { NodeBudget, type ConfigNode } from './tree';

// A `.env` file as dotenv and docker compose read it: `KEY=value` lines, an optional `export `,
// `#` comments (whole lines, or after a space in an unquoted value), 'single quotes' kept as
// written, "double quotes" with \n \r \t \" \\ escapes and spanning lines until the closing quote.

const keyPattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

export function readEnvFile(text: string, label: string): ConfigNode {
  const budget = new NodeBudget(label);
  const entries = new Map<string, ConfigNode>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const lineNo = i + 1;
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = trimmed.startsWith('export ') ? trimmed.slice(7).trimStart() : trimmed;
    const eq = body.indexOf('=');
    if (eq <= 0) throw new AppError('VALIDATION', `${label} line ${lineNo} is not KEY=value: ${JSON.stringify(trimmed.slice(0, 60))}.`);
    const key = body.slice(0, eq).trim();
    if (!keyPattern.test(key)) throw new AppError('VALIDATION', `${label} line ${lineNo} names a key that is not a variable name: ${JSON.stringify(key.slice(0, 60))}.`);
    let rest = body.slice(eq + 1).trimStart();
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may run over several lines until its closing quote.
      let collected = rest.slice(1);
      let end = closingQuote(collected, quote);
      while (end === -1 && i + 1 < lines.length) {
        i += 1;
        collected += `\n${lines[i] as string}`;
        end = closingQuote(collected, quote);
      }
      if (end === -1) throw new AppError('VALIDATION', `${label} line ${lineNo} opens a ${quote} quote that is never closed.`);
      const inner = collected.slice(0, end);
      value = quote === '"' ? inner.replace(/\\(.)/g, (whole, c: string) => escapes[c] ?? whole) : inner;
      rest = collected.slice(end + 1).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new AppError('VALIDATION', `${label} line ${i + 1} has text after the closing quote of ${key}.`);
    } else {
      const comment = rest.search(/\s#/);
      value = (comment === -1 ? rest : rest.slice(0, comment)).trim();
    }
    budget.take(1);
    entries.set(key, { type: 'scalar', value, line: lineNo });
  }
  return { type: 'map', entries, line: 1 };
}

function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return -1;
}
