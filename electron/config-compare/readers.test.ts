import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { readEnvFile } from './env-file';
import { readPropertiesFile } from './properties-file';
import { formatOf, readConfig } from './read-config';
import { toValue } from './tree';

const env = (text: string) => toValue(readEnvFile(text, '.env'));
const props = (text: string) => toValue(readPropertiesFile(text, 'app.properties'));
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('.env reader (dotenv rules)', () => {
  it('reads plain, exported, quoted and commented values', () => {
    expect(env('# comment\nA=1\nexport B=two\nC = spaced  # trailing comment\nD=no#comment\nE=\n')).toEqual({ A: '1', B: 'two', C: 'spaced', D: 'no#comment', E: '' });
  });
  it("keeps single quotes literal and decodes double-quote escapes", () => {
    expect(env(`S='a\\nb # not a comment'\nD="line\\nnext \\"q\\""\n`)).toEqual({ S: 'a\\nb # not a comment', D: 'line\nnext "q"' });
  });
  it('reads a double-quoted value over several lines, citing the line it starts on', () => {
    const tree = readEnvFile('KEY="-----BEGIN\nabc\n-----END"\nNEXT=1\n', '.env');
    expect(toValue(tree)).toEqual({ KEY: '-----BEGIN\nabc\n-----END', NEXT: '1' });
    expect(tree.type === 'map' && tree.entries.get('NEXT')?.line).toBe(4);
  });
  it('refuses a line that is not KEY=value, and a quote never closed', () => {
    expect(refusal(() => readEnvFile('JUSTTEXT\n', '.env'))).toMatch(/line 1 is not KEY=value/);
    expect(refusal(() => readEnvFile('A="open\nB=2\n', '.env'))).toMatch(/never closed/);
  });
});

describe('.properties reader (java.util.Properties.load)', () => {
  it('reads =, : and white space separators, and # and ! comments', () => {
    expect(props('# c\n! c\na=1\nb:2\nc 3\nd = 4\n  e   =   five  \n')).toEqual({ a: '1', b: '2', c: '3', d: '4', e: 'five  ' });
  });
  it('joins continuation lines, dropping their leading white space', () => {
    expect(props('fruits = apple, \\\n         banana, \\\n    pear\nnext=1\n')).toEqual({ fruits: 'apple, banana, pear', next: '1' });
  });
  it('an even number of trailing backslashes does not continue', () => {
    expect(props('path=c:\\\\\nother=1\n')).toEqual({ path: 'c:\\', other: '1' });
  });
  it('decodes escapes: \\t, \\uXXXX, escaped separators in keys', () => {
    expect(props('tab=a\\tb\nuni=caf\\u00e9\nkey\\=with\\:sep=v\nempty\n')).toEqual({ tab: 'a\tb', uni: 'café', 'key=with:sep': 'v', empty: '' });
  });
  it('refuses a malformed \\u escape', () => {
    expect(refusal(() => readPropertiesFile('a=\\u12\n', 'x.properties'))).toMatch(/malformed \\uXXXX/);
  });
});

describe('YAML and JSON', () => {
  it('reads every document of a multi-document file with lines', () => {
    const file = readConfig('m.yaml', Buffer.from('a: 1\n---\nb:\n  c: 2\n'));
    expect(file.docs.map(toValue)).toEqual([{ a: 1 }, { b: { c: 2 } }]);
    const second = file.docs[1];
    expect(second?.type === 'map' && second.entries.get('b')?.type === 'map' ? (second.entries.get('b') as { entries: Map<string, { line: number }> }).entries.get('c')?.line : 0).toBe(4);
  });
  it('reads JSON with the line of each value', () => {
    const file = readConfig('c.json', Buffer.from('{\n  "a": 1,\n  "b": {\n    "c": "x"\n  }\n}\n'));
    expect(toValue(file.docs[0] as never)).toEqual({ a: 1, b: { c: 'x' } });
    const b = file.docs[0]?.type === 'map' ? file.docs[0].entries.get('b') : undefined;
    expect(b?.type === 'map' ? b.entries.get('c')?.line : 0).toBe(4);
  });
  it('knows the format from the name, else from the content', () => {
    expect(formatOf('values-prod.yaml', '')).toBe('yaml');
    expect(formatOf('.env.production', '')).toBe('env');
    expect(formatOf('prod.env', '')).toBe('env');
    expect(formatOf('application.properties', '')).toBe('properties');
    expect(formatOf('config', '{"a":1}')).toBe('json');
    expect(formatOf('config', 'A=1\nB=2\n')).toBe('env');
  });
  it('refuses damaged files in one sentence', () => {
    expect(refusal(() => readConfig('a.json', Buffer.from('{"a": 1,')))).toMatch(/^a\.json is not valid JSON/);
    expect(refusal(() => readConfig('a.yaml', Buffer.from('a: [1, 2\n')))).toMatch(/^a\.yaml is not valid YAML/);
    expect(refusal(() => readConfig('a.yaml', Buffer.from('a: 1\na: 2\n')))).toMatch(/not valid YAML/);
    expect(refusal(() => readConfig('a.yaml', Buffer.from([0x61, 0, 0x62])))).toMatch(/binary data/);
  });
});

describe('hostile files', () => {
  it('refuses a YAML alias bomb with the yaml package guard', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect(refusal(() => readConfig('bomb.yaml', Buffer.from(lines.join('\n'))))).toMatch(/aliases too far/);
  });
  it('refuses deep nesting, in YAML and in JSON', () => {
    expect(refusal(() => readConfig('deep.json', Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`)))).toMatch(/nests deeper than 64/);
    expect(refusal(() => readConfig('deep.json', Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)))).toMatch(/nests (deeper|too deeply)/);
    expect(refusal(() => readConfig('deep.yaml', Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`)))).toMatch(/nests deeper than 64/);
  });
  it('refuses a file over the size limit', () => {
    expect(refusal(() => readConfig('huge.yaml', Buffer.alloc(9 * 1024 * 1024, 0x61)))).toMatch(/over 8 MB are not compared/);
  });
});
