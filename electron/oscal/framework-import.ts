import fs from 'node:fs';
import YAML from 'yaml';
import { AppError } from '../../shared/api/errors';
import type { ImportedFramework } from '../../shared/api/oscal';
import { uploadedImport } from '../imports/inbox';
import { saveImportedFramework } from '../library/imported';
import type { Core } from '../services';
import { CATALOG_LIMITS, catalogOf, readCatalog } from './catalog-import';
import { cisoFramework, isCisoLibrary } from './ciso-library';
import { profileFramework } from './profile-import';

// One way in for every framework file (frameworks.import, `import-framework FILE`, the Library's upload):
// the format is told from the file itself, JSON or YAML, then an OSCAL catalog, an OSCAL profile or a
// CISO Assistant library. YAML is read safely: no aliases (a billion-laughs bomb is refused, not
// expanded), unique keys, size and nesting bounded, and a refusal in one sentence naming the path.

export interface FrameworkFile {
  text: string;
  name: string;
  /** For a profile: the catalog it imports, when that catalog is not imported already. */
  catalog?: { text: string; name: string } | undefined;
}

export function importFramework(core: Core, file: FrameworkFile): ImportedFramework & { notes?: string[] } {
  const value = readFrameworkDocument(file.text, file.name);
  if (isObject(value) && 'profile' in value) {
    const { notes, ...framework } = profileFramework(core, value, file.text, file.name, file.catalog);
    return { ...saveImportedFramework(core, framework), ...(notes.length ? { notes } : {}) };
  }
  if (isObject(value) && 'catalog' in value) return saveImportedFramework(core, catalogOf(value, file.text, file.name));
  if (isCisoLibrary(value)) return saveImportedFramework(core, cisoFramework(value, file.text, file.name));
  // Not a framework: the catalog reader says what it is instead (another OSCAL model, or nothing known).
  if (isObject(value) && !('catalog' in value) && Object.keys(value).some((k) => ['assessment-results', 'assessment-plan', 'system-security-plan', 'component-definition', 'plan-of-action-and-milestones', 'mapping-collection'].includes(k))) return saveImportedFramework(core, catalogOf(value, file.text, file.name));
  throw new AppError('VALIDATION', `${file.name} is not a framework this app can import: it is neither an OSCAL catalog or profile (no catalog or profile at its top) nor a CISO Assistant library (no urn and objects.framework).`);
}

/**
 * A framework file uploaded from the page: the browser streams it into the import inbox (the same path
 * as files to import, past the host's body cap), and it is read from there once it is all in; the
 * uploads are removed once the framework is imported, and kept for another try when it is refused.
 */
export function importUploadedFramework(core: Core, uploadId: string, catalogUploadId?: string): ImportedFramework & { notes?: string[] } {
  const read = (id: string) => {
    const { file, name } = uploadedImport(core, id);
    if (fs.statSync(file).size > CATALOG_LIMITS.bytes) throw new AppError('VALIDATION', `${name} is not a framework file this app can read: it is over ${CATALOG_LIMITS.bytes / 1048576} MB.`);
    return { file, name, text: fs.readFileSync(file, 'utf8') };
  };
  const main = read(uploadId);
  const catalog = catalogUploadId ? read(catalogUploadId) : undefined;
  const imported = importFramework(core, { text: main.text, name: main.name, catalog: catalog ? { text: catalog.text, name: catalog.name } : undefined });
  for (const done of [main, catalog]) if (done) fs.rmSync(done.file, { force: true });
  return imported;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The file's document: JSON when it opens with a brace, YAML otherwise, read with the limits above. */
export function readFrameworkDocument(text: string, name: string): unknown {
  const bare = text.replace(/^\uFEFF/, '');
  // JSON keeps the catalog reader's own refusals (not JSON, too deep, too big).
  if (bare.trimStart().startsWith('{')) {
    try {
      return JSON.parse(bare);
    } catch {
      return readCatalog(text, name);
    }
  }
  const refuse = (why: string): never => {
    throw new AppError('VALIDATION', `${name} is not a framework file this app can read: ${why}.`);
  };
  if (Buffer.byteLength(text, 'utf8') > CATALOG_LIMITS.bytes) refuse(`it is over ${CATALOG_LIMITS.bytes / 1048576} MB`);
  // Checked before the YAML parser sees it: it recurses, so a hostile nesting would exhaust its stack or memory.
  const deep = yamlNesting(bare, CATALOG_LIMITS.jsonDepth);
  if (deep) refuse(`line ${deep} nests more than ${CATALOG_LIMITS.jsonDepth} levels deep`);
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(bare, { uniqueKeys: true, prettyErrors: false, strict: true, schema: 'core', merge: false });
  } catch (error) {
    return refuse(`it cannot be read as YAML (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message})`);
  }
  const [first] = doc.errors;
  if (first) refuse(`it is not valid YAML (${yamlWhere(bare, first.pos[0])}${first.message.split('\n')[0]?.replace(/\.$/, '')})`);
  let alias: string | null = null;
  YAML.visit(doc, {
    Alias(_key, node, path) {
      alias = `${node.source} at ${yamlPath(path)}`;
      return YAML.visit.BREAK;
    },
  });
  if (alias) refuse(`it uses a YAML alias (*${alias}); a framework library needs none, and aliases can expand a small file into a huge one`);
  try {
    return doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return refuse(`it cannot be read as YAML (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message})`);
  }
}

/**
 * The first line nesting deeper than the limit, or null: by its indentation (each "- " that opens a
 * compact list counts as a level, and a level takes at least one column) or by open brackets of flow
 * collections. Rough on purpose (quotes are not followed), and far above what any library needs.
 */
function yamlNesting(text: string, limit: number): number | null {
  let flow = 0;
  let line = 1;
  let start = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      start = true;
      indent = 0;
      continue;
    }
    if (start) {
      if (c === 32) indent++;
      else if (c === 45 && text.charCodeAt(i + 1) === 32) indent += 2;
      else start = false;
      if (indent > limit * 2) return line;
      if (start) continue;
    }
    if (c === 91 || c === 123) {
      if (++flow > limit) return line;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return null;
}

function yamlWhere(text: string, offset: number): string {
  const line = text.slice(0, offset).split('\n').length;
  return `line ${line}: `;
}

/** Where an alias sits, as the paths of refusals say it: objects.framework.requirement_nodes[2].name. */
function yamlPath(path: readonly unknown[]): string {
  let out = '';
  for (const step of path) {
    if (YAML.isPair(step)) out += `${out ? '.' : ''}${String(YAML.isScalar(step.key) ? step.key.value : step.key)}`;
  }
  return out || 'the top';
}
