import { AppError } from '../../shared/api/errors';
import { NodeBudget, type ConfigNode } from './tree';

// A Java `.properties` file as java.util.Properties.load reads it: comment lines start with # or !,
// a key ends at the first unescaped =, : or white space, a line ending in an odd number of
// backslashes continues on the next (its leading white space dropped), and \t \n \r \f \uXXXX
// escapes are decoded (any other escaped character stands for itself).

const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function endsContinued(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i -= 1) slashes += 1;
  return slashes % 2 === 1;
}

function unescape(text: string, label: string, lineNo: number): string {
  return text.replace(/\\(u([0-9a-fA-F]{0,4})|.)/g, (whole, what: string, hex: string | undefined) => {
    if (what.startsWith('u')) {
      if (hex === undefined || hex.length !== 4) throw new AppError('VALIDATION', `${label} line ${lineNo} has a malformed \\uXXXX escape.`);
      return String.fromCharCode(parseInt(hex, 16));
    }
    return escapes[what] ?? what;
  });
}

export function readPropertiesFile(text: string, label: string): ConfigNode {
  const budget = new NodeBudget(label);
  const entries = new Map<string, ConfigNode>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const lineNo = i + 1;
    let logical = (lines[i] as string).replace(/^[ \t\f]+/, '');
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (endsContinued(logical)) {
      logical = logical.slice(0, -1);
      i += 1;
      if (i >= lines.length) break;
      logical += (lines[i] as string).replace(/^[ \t\f]+/, '');
    }
    // The key runs to the first separator that is not escaped.
    let end = 0;
    while (end < logical.length && !'=: \t\f'.includes(logical[end] as string)) end += logical[end] === '\\' ? 2 : 1;
    const key = unescape(logical.slice(0, end), label, lineNo);
    let rest = logical.slice(end).replace(/^[ \t\f]*/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]*/, '');
    budget.take(1);
    entries.set(key, { type: 'scalar', value: unescape(rest, label, lineNo), line: lineNo });
  }
  return { type: 'map', entries, line: 1 };
}
