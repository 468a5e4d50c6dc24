import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { unitOf } from '../../eslint-rules/layers.js';
import { sourceRoot } from '../../electron/paths';
import { lintMessages } from '../helpers/lint';

// The layers of electron/ (ARCHITECTURE.md): the lint rule fires on an arrow up and is silent on an
// arrow down, checked against the real config; and the import graph of electron/ has no circle, not
// between folders and not between files. Type-only imports count as imports everywhere here: a type
// that must come from above is as much a tangle as a value. Tests are left out (they assemble layers).

const upward = (filePath: string, code: string) => lintMessages('layers/no-upward-import', filePath, code);

describe('the layering rule', () => {
  it('refuses an import from a higher layer, naming both layers', async () => {
    const [message, ...more] = await upward('electron/audits/leak.ts', "import { auditHeads } from '../sync/export';\nexport const x = auditHeads;\n");
    expect(more).toEqual([]);
    expect(message).toBe(
      'electron/audits/leak.ts is in the domains layer and may not import electron/sync/export.ts, which is in the sync, reports and system layer above it: move the shared piece down, or pass it in (ARCHITECTURE.md, "The layers").',
    );
    expect(await upward('electron/registry/leak.ts', "import { getAudit } from '../audits/service';\nexport const x = getAudit;\n")).toEqual([
      expect.stringContaining('is in the core layer and may not import electron/audits/service.ts, which is in the domains layer'),
    ]);
    expect(await upward('electron/sync/leak.ts', "import { handlersOf } from '../api/handlers';\nexport const x = handlersOf;\n")).toEqual([
      expect.stringContaining('in the transports and shell layer above it'),
    ]);
  });

  it('counts type-only imports, re-exports and dynamic imports too', async () => {
    expect(await upward('electron/ledger/leak.ts', "import type { Audit } from '../audits/service';\nexport type X = Audit;\n")).toHaveLength(1);
    expect(await upward('electron/plans/leak.ts', "export { exportBundle } from '../sync/export';\n")).toHaveLength(1);
    expect(await upward('electron/evidence/leak.ts', "export const load = () => import('../reports/archive');\n")).toHaveLength(1);
    expect(await upward('electron/vault/leak.ts', "export type X = import('../api/handlers').Handlers;\n")).toHaveLength(1);
  });

  it("keeps a domain's records.ts on the schema alone, so the registry may read it", async () => {
    expect(await upward('electron/plans/records.ts', "import { Ledger } from '../ledger/ledger';\nexport const x = Ledger;\n")).toEqual([
      expect.stringContaining('is in the record declarations layer and may not import electron/ledger/ledger.ts, which is in the core layer'),
    ]);
    const declaration = "import { auditPlans } from '../db/schema';\nimport type { RecordKind } from '../registry/types';\nexport const k: RecordKind[] = [{ table: auditPlans } as unknown as RecordKind];\n";
    expect(await upward('electron/plans/records.ts', declaration)).toEqual([]);
    expect(await upward('electron/registry/kinds.ts', "import { planRecords } from '../plans/records';\nexport const x = planRecords;\n")).toEqual([]);
    // The ledger's own records.ts is core code (the record writer), not a declaration.
    expect(await upward('electron/ledger/records.ts', "import { recordKinds } from '../registry/kinds';\nexport const x = recordKinds;\n")).toEqual([]);
  });

  it('is silent on imports downward and within a layer', async () => {
    const ok: Array<[string, string]> = [
      ['electron/audits/x.ts', '../services'],
      ['electron/audits/x.ts', '../plans/service'],
      ['electron/audits/x.ts', '../../shared/api/audits'],
      ['electron/ledger/x.ts', '../registry/registry'],
      ['electron/sync/x.ts', '../plans/handlers'],
      ['electron/reports/x.ts', '../identity/seal'],
      ['electron/api/x.ts', '../sync/handlers'],
      ['electron/main.ts', './api/handlers'],
      ['electron/cli/x.ts', '../host/server'],
    ];
    for (const [file, target] of ok) expect(await upward(file, `import { a } from '${target}';\nexport const x = a;\n`), `${file} -> ${target}`).toEqual([]);
  });

  it('takes a new folder for a domain, exempts tests, and refuses a root file no layer names', async () => {
    expect(await upward('electron/retros/service.ts', "import { getAudit } from '../audits/service';\nexport const x = getAudit;\n")).toEqual([]);
    expect(await upward('electron/retros/service.ts', "import { syncStatus } from '../sync/service';\nexport const x = syncStatus;\n")).toHaveLength(1);
    expect(await upward('electron/audits/x.test.ts', "import { exportBundle } from '../sync/export';\nexport const x = exportBundle;\n")).toEqual([]);
    expect(await upward('electron/stray.ts', 'export const x = 1;\n')).toEqual([
      'electron/stray.ts is a file at the root of electron/ that no layer names: add it to a layer in eslint-rules/layers.js.',
    ]);
  });
});

// ---- The import graph of electron/ -------------------------------------------------------------

const electronRoot = path.join(sourceRoot, 'electron');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every relative import of each file (static, re-export, dynamic, `import('…')` types; type-only ones too), as paths relative to electron/. */
function importGraph(): Map<string, Set<string>> {
  const rel = (file: string) => path.relative(electronRoot, file).split(path.sep).join('/');
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(electronRoot)) {
    const targets = new Set<string>();
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      let specifier: string | undefined;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        specifier = node.moduleSpecifier.text;
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        specifier = node.arguments[0].text;
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        specifier = node.argument.literal.text;
      }
      if (specifier?.startsWith('.')) {
        const target = resolveImport(file, specifier);
        if (target && !path.relative(electronRoot, target).startsWith('..')) targets.add(rel(target));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(rel(file), targets);
  }
  return graph;
}

/** The strongly connected parts of the graph: the nodes that reach each other round circles. */
function tangles(edges: Map<string, Set<string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const parts: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || edges.get(v)?.has(v)) parts.push(part);
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);
  return parts.map((part) => part.sort());
}

/** One circle per tangle, as the shortest path round it from its first node (repeated at the end). */
function circles(edges: Map<string, Set<string>>): string[][] {
  return tangles(edges).map((part) => {
    const inPart = new Set(part);
    const start = part[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of [...(edges.get(v) ?? [])].sort()) {
        if (!inPart.has(w)) continue;
        if (w === start) {
          const route = [v];
          while (route[0] !== start) route.unshift(previous.get(route[0]!)!);
          return [...route, start];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

/** Folder-level edges (a root file and a declarations file are nodes of their own), with the file imports behind each. */
function unitGraph(files: Map<string, Set<string>>): { edges: Map<string, Set<string>>; why: Map<string, string[]> } {
  const edges = new Map<string, Set<string>>();
  const why = new Map<string, string[]>();
  for (const [file, targets] of files) {
    for (const target of targets) {
      const [a, b] = [unitOf(file), unitOf(target)];
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
      why.set(`${a} ${b}`, [...(why.get(`${a} ${b}`) ?? []), `${file} imports ${target}`]);
    }
  }
  return { edges, why };
}

function describeCircle(circle: string[], why?: Map<string, string[]>): string {
  const steps = circle.slice(1).map((to, i) => `  ${circle[i]} -> ${to}${why ? `   (${why.get(`${circle[i]} ${to}`)!.join('; ')})` : ''}`);
  return [`circle: ${circle.join(' -> ')}`, ...steps].join('\n');
}

describe('the import graph of electron/', () => {
  const files = importGraph();

  it('finds the circles it is meant to refuse (checked on a planted graph)', () => {
    const planted = new Map([
      ['audits/service.ts', new Set(['plans/service.ts'])],
      ['plans/service.ts', new Set(['audits/rows.ts', 'services.ts'])],
      ['audits/rows.ts', new Set(['services.ts'])],
      ['services.ts', new Set<string>()],
    ]);
    expect(circles(planted)).toEqual([]);
    const { edges, why } = unitGraph(planted);
    expect(circles(edges).map((c) => describeCircle(c, why))).toEqual([
      'circle: audits/ -> plans/ -> audits/\n  audits/ -> plans/   (audits/service.ts imports plans/service.ts)\n  plans/ -> audits/   (plans/service.ts imports audits/rows.ts)',
    ]);
    planted.get('audits/rows.ts')!.add('audits/service.ts');
    expect(circles(planted)).toEqual([['audits/rows.ts', 'audits/service.ts', 'plans/service.ts', 'audits/rows.ts']]);
  });

  it('reads every source file and its imports', () => {
    expect(files.size).toBeGreaterThan(150);
    expect(files.get('api/handlers.ts')).toContain('audits/handlers.ts');
    expect(files.get('registry/kinds.ts')).toContain('audits/records.ts');
    expect(files.get('cli/usage.ts')).toContain('cli/spec.ts');
  });

  it('has no circle between folders', () => {
    const { edges, why } = unitGraph(files);
    const found = circles(edges).map((c) => describeCircle(c, why));
    const tangled = tangles(edges).map((part) => `tangled together: ${part.join(' ')}`);
    expect(found, [...tangled, ...found].join('\n\n')).toEqual([]);
  });

  it('has no circle between files', () => {
    const found = circles(files).map((c) => describeCircle(c));
    expect(found, found.join('\n\n')).toEqual([]);
  });
});
