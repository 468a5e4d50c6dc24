import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The layers of electron/, lowest first (ARCHITECTURE.md, "The layers"). A file may import files of
// its own layer and of the layers below it, never of a layer above: the `layers/no-upward-import`
// rule reports an arrow up, naming both layers. Type-only imports count too. Tests are exempt (a test
// puts the pieces together). Within a layer no two folders may import each other, directly or round
// a circle: tests/unit/layers.test.ts checks that on the whole import graph.

/** Folders (and root files) by layer; a folder named nowhere is a domain. */
export const layers = [
  { name: 'database schema', folders: ['db'], files: [] },
  // The record declarations each domain makes in its records.ts (read by registry/kinds.ts) and the
  // type they are written in: they stand on the schema alone, so the registry reading them is no arrow up.
  { name: 'record declarations', folders: [], files: ['registry/types.ts'], declarations: true },
  {
    name: 'core',
    folders: ['registry', 'ledger', 'vault', 'jobs', 'common'],
    files: ['ids.ts', 'rows.ts', 'services.ts', 'paths.ts', 'error-body.ts', 'changed-fields.ts'],
  },
  { name: 'domains', folders: [], files: [], domains: true },
  { name: 'sync, reports and system', folders: ['sync', 'reports', 'system', 'oscal', 'spreadsheets', 'hub'], files: [] },
  {
    name: 'transports and shell',
    folders: ['api', 'host', 'cli'],
    files: ['main.ts', 'preload.ts', 'window.ts', 'security.ts', 'ipc.ts', 'app-protocol.ts', 'trusted-url.ts', 'native-binding.ts'],
  },
];

const declarationsRank = layers.findIndex((layer) => layer.declarations);
const domainsRank = layers.findIndex((layer) => layer.domains);
const namedFolders = new Map(layers.flatMap((layer, rank) => layer.folders.map((folder) => [folder, rank])));
const namedFiles = new Map(layers.flatMap((layer, rank) => layer.files.map((file) => [file, rank])));
/** Folders whose records.ts is their own code, not a domain's declarations. */
const belowDomains = new Set(layers.slice(0, domainsRank).flatMap((layer) => layer.folders));

const isTest = (rel) => /\.test\.tsx?$/.test(rel);

/** The rank of a file of electron/ (path relative to electron/, with '/'), or null for a test or a root file no layer names. */
export function rankOf(rel) {
  if (isTest(rel)) return null;
  const parts = rel.split('/');
  if (namedFiles.has(rel)) return namedFiles.get(rel);
  if (parts.length === 1) return null;
  const folder = parts[0];
  if (parts.length === 2 && parts[1] === 'records.ts' && !belowDomains.has(folder)) return declarationsRank;
  return namedFolders.get(folder) ?? domainsRank;
}

export const layerName = (rank) => layers[rank].name;

/**
 * What cannot import another part of itself round a circle: its folder, except that a root file and
 * a declarations file (a domain's records.ts, registry/types.ts) each stand alone.
 */
export function unitOf(rel) {
  const parts = rel.split('/');
  if (parts.length === 1 || rankOf(rel) === declarationsRank) return rel;
  return `${parts[0]}/`;
}

/** electron/ of this repository, wherever ESLint is started from. */
const electronRoot = fileURLToPath(new URL('../electron', import.meta.url));
const toRel = (root, file) => path.relative(root, file).split(path.sep).join('/');

/** The file an import names, relative to electron/, or null when it is a package or outside electron/. */
function targetOf(root, fromFile, specifier) {
  if (!specifier.startsWith('.')) return null;
  const resolved = path.resolve(path.dirname(fromFile), specifier);
  const rel = toRel(root, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  if (/\.(ts|tsx|js|mjs|json)$/.test(rel)) return rel.replace(/\.js$/, '.ts');
  return `${rel}.ts`;
}

const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'A file of electron/ imports only its own layer and the layers below it (ARCHITECTURE.md, "The layers").' },
    schema: [],
    messages: {
      upward:
        '{{file}} is in the {{from}} layer and may not import {{target}}, which is in the {{to}} layer above it: move the shared piece down, or pass it in (ARCHITECTURE.md, "The layers").',
      unplaced: '{{file}} is a file at the root of electron/ that no layer names: add it to a layer in eslint-rules/layers.js.',
    },
  },
  create(context) {
    const root = electronRoot;
    const file = context.filename;
    const rel = toRel(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel) || isTest(rel)) return {};
    const from = rankOf(rel);
    if (from === null) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unplaced', data: { file: `electron/${rel}` } });
        },
      };
    }
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = targetOf(root, file, source.value);
      if (target === null) return;
      const to = rankOf(target);
      if (to === null || to <= from) return;
      context.report({
        node: source,
        messageId: 'upward',
        data: { file: `electron/${rel}`, from: layerName(from), target: `electron/${target}`, to: layerName(to) },
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { 'no-upward-import': noUpwardImport } };
