import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { AppError } from '../../shared/api/errors';
import { readEnvFile } from './env-file';
import { readPropertiesFile } from './properties-file';
import { NodeBudget, fromValue, type ConfigNode } from './tree';

// A configuration file read into trees (one per YAML document): YAML (multi-document, Helm values,
// Kubernetes manifests), JSON, `.env` and Java `.properties`. The format comes from the name and,
// failing that, the content. Anything damaged, hostile or too big is refused in one sentence.

export const configFormats = ['yaml', 'json', 'env', 'properties'] as const;
export type ConfigFormat = (typeof configFormats)[number];

/** The most a compared file may hold. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** YAML aliases a file may use (the yaml package's own guard against alias bombs). */
export const MAX_ALIASES = 100;

export interface ConfigFile {
  name: string;
  format: ConfigFormat;
  docs: ConfigNode[];
  lines: number;
}

export function formatOf(name: string, text: string): ConfigFormat {
  const lower = name.toLowerCase();
  if (/\.ya?ml$/.test(lower)) return 'yaml';
  if (/\.json$/.test(lower)) return 'json';
  if (/\.properties$/.test(lower)) return 'properties';
  if (/(^|[/\\.])env$|\.env\.|^\.env/.test(lower.split(/[/\\]/).pop() ?? '')) return 'env';
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  return /^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/m.test(start) && !/^\s*[\w.-]+:\s/m.test(start) ? 'env' : 'yaml';
}

export function readConfig(name: string, bytes: Buffer, format: ConfigFormat = formatOf(name, bytes.toString('utf8', 0, 4096))): ConfigFile {
  const label = name;
  if (bytes.length > MAX_CONFIG_BYTES) throw new AppError('VALIDATION', `${label} is ${(bytes.length / 1048576).toFixed(1)} MB; configuration files over ${MAX_CONFIG_BYTES / 1048576} MB are not compared.`);
  if (bytes.includes(0)) throw new AppError('VALIDATION', `${label} holds binary data, not a configuration file.`);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text === '' ? 0 : text.split('\n').length;
  try {
    switch (format) {
      case 'env': return { name, format, docs: [readEnvFile(text, label)], lines };
      case 'properties': return { name, format, docs: [readPropertiesFile(text, label)], lines };
      case 'json': return { name, format, docs: [readJson(text, label)], lines };
      case 'yaml': return { name, format, docs: readYaml(text, label), lines };
    }
  } catch (error) {
    // A parser that runs out of stack on absurd nesting is refused like any other hostile file.
    if (error instanceof RangeError) throw new AppError('VALIDATION', `${label} nests too deeply to be read: it was not compared.`);
    throw error;
  }
}

function lineStarts(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function parseYamlDocs(text: string, label: string): Document[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const list = (Array.isArray(docs) ? docs : [docs]) as Document[];
  const broken = list.find((doc) => doc.errors.length > 0);
  if (broken) throw new AppError('VALIDATION', `${label} is not valid YAML: ${(broken.errors[0]?.message ?? '').split('\n')[0]}.`);
  for (const doc of list) {
    try {
      doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      throw new AppError('VALIDATION', `${label} expands its YAML aliases too far (${(error as Error).message.replace(/\.$/, '')}): it was not compared.`);
    }
  }
  return list;
}

function readYaml(text: string, label: string): ConfigNode[] {
  const lineAt = lineStarts(text);
  const budget = new NodeBudget(label);
  return parseYamlDocs(text, label)
    .filter((doc) => doc.contents !== null)
    .map((doc) => fromYaml(doc.contents as YamlNode, doc, lineAt, budget, 0));
}

function fromYaml(node: YamlNode, doc: Document, lineAt: (offset: number) => number, budget: NodeBudget, depth: number): ConfigNode {
  budget.take(depth);
  const line = node.range ? lineAt(node.range[0]) : 1;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new AppError('VALIDATION', `Line ${line} uses the alias *${node.source}, which names no anchor.`);
    return { ...fromYaml(target as YamlNode, doc, lineAt, budget, depth + 1), line };
  }
  if (isMap(node)) {
    const entries = new Map<string, ConfigNode>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyLine = isScalar(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : line;
      const value = pair.value === null ? { type: 'scalar' as const, value: null, line: keyLine } : fromYaml(pair.value as YamlNode, doc, lineAt, budget, depth + 1);
      // A value is cited on the line its key is written on.
      entries.set(key, { ...value, line: keyLine });
    }
    return { type: 'map', entries, line };
  }
  if (isSeq(node)) return { type: 'list', items: node.items.map((item) => fromYaml(item as YamlNode, doc, lineAt, budget, depth + 1)), line };
  if (isScalar(node)) {
    const value = node.value;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
    return { type: 'scalar', value: scalar, line };
  }
  return { type: 'scalar', value: String(node), line };
}

function readJson(text: string, label: string): ConfigNode {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new AppError('VALIDATION', `${label} is not valid JSON: ${(error as Error).message}.`);
  }
  const values = fromValue(value, 1, new NodeBudget(label));
  // JSON is YAML too: read again as YAML for the line each value is on (values come from JSON.parse's reading).
  try {
    const [doc] = parseAllDocuments(text, { uniqueKeys: false }) as Document[];
    if (doc && doc.errors.length === 0 && doc.contents) {
      const tree = fromYaml(doc.contents as YamlNode, doc, lineStarts(text), new NodeBudget(label), 0);
      return withLines(values, tree);
    }
  } catch (error) {
    if (error instanceof AppError && /nests deeper|holds more than/.test(error.message)) throw error;
  }
  return values;
}

/** The JSON values with the lines the YAML reading found at the same places. */
function withLines(value: ConfigNode, located: ConfigNode | undefined): ConfigNode {
  const line = located?.line ?? value.line;
  if (value.type === 'map') {
    const entries = new Map([...value.entries].map(([key, item]) => [key, withLines(item, located?.type === 'map' ? located.entries.get(key) : undefined)]));
    return { type: 'map', entries, line };
  }
  if (value.type === 'list') return { type: 'list', items: value.items.map((item, i) => withLines(item, located?.type === 'list' ? located.items[i] : undefined)), line };
  return { ...value, line };
}
