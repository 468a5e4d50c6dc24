import { toValue, type ConfigNode } from './tree';

// What an auditor does with a difference: ignore it (paths with wildcards, or a key's name), never
// show a secret's value, and say which differences matter (images, versions, feature flags,
// resources, security settings) and why.

/** A glob over paths: `*` is any run of characters within one segment, `**` any run across segments (`**.x` also matches `x`); a pattern with no `.`, `[` or `*` names a key anywhere. */
export function pathMatcher(pattern: string): (path: string) => boolean {
  const trimmed = pattern.trim();
  if (!/[.*[]/.test(trimmed)) {
    const name = trimmed.toLowerCase();
    return (path) => lastKey(path).toLowerCase() === name || path.toLowerCase() === name;
  }
  let source = '';
  for (let i = 0; i < trimmed.length; i += 1) {
    const c = trimmed[i] as string;
    if (c === '*' && trimmed[i + 1] === '*') {
      const dotAfter = trimmed[i + 2] === '.';
      source += dotAfter ? '(?:.*\\.|.*(?=\\[)|)' : '.*';
      i += dotAfter ? 2 : 1;
    } else if (c === '*') source += '[^.]*';
    else source += c.replace(/[\\^$+?()[\]{}|.]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'i');
  return (path) => regex.test(path);
}

/** The last key of a path: `image` of `…containers[name=api].image`, `DB_PASSWORD` of `env[name=DB_PASSWORD]`. */
export function lastKey(path: string): string {
  const item = /\[(?:[^=\]]+=)?("(?:[^"\\]|\\.)*"|[^\]]*)\]$/.exec(path);
  if (item) return unquote(item[1] as string);
  const dot = path.lastIndexOf('.');
  return dot === -1 ? path : path.slice(dot + 1);
}

const unquote = (text: string) => (text.startsWith('"') ? (JSON.parse(text) as string) : text);

/** The words of every segment of a path (camelCase, snake_case, kebab-case and dots split). */
function words(path: string): string[] {
  return path
    .replace(/\[[^=\]"]+=/g, '[')
    .split(/[.[\]=/"]+/)
    .flatMap((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/))
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '');
}

const secretWords = new Set(['password', 'passwd', 'pwd', 'secret', 'secrets', 'token', 'key', 'apikey', 'credential', 'credentials', 'privatekey', 'passphrase']);

/** A key that looks like it holds a secret (password, secret, token, key…), anywhere along the path. */
export function isSecretPath(path: string): boolean {
  return words(path).some((w) => secretWords.has(w));
}

export const MASK = '•••••• (secret, not shown)';

/** A value as shown: a secret's masked, and inside a subtree every secret-looking key's value masked. */
export function shownValue(node: ConfigNode | null, path: string): string | null {
  if (node === null) return null;
  if (isSecretPath(path)) return MASK;
  if (node.type === 'scalar') return node.value === null ? 'null' : typeof node.value === 'string' ? node.value : JSON.stringify(node.value);
  const text = JSON.stringify(masked(toValue(node)));
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  // A {name: DB_PASSWORD, value: …} pair (Kubernetes env) hides its value too.
  const named = typeof record.name === 'string' && isSecretPath(record.name);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, isSecretPath(k) || (named && k === 'value') ? MASK : masked(v)]));
}

/** The ignore list shipped with the app: hosts, URLs and replica counts differ between environments by design. */
export const defaultIgnores: readonly string[] = ['**.*host', '**.*hostname', '**.*url', '**.*uri', '**.*endpoint', '**.replicas', '**.replicaCount'];

export const impacts = ['security', 'image', 'version', 'resources', 'feature-flag', 'none'] as const;
export type Impact = (typeof impacts)[number];

const securityWords = new Set(['tls', 'ssl', 'https', 'auth', 'authentication', 'authorization', 'oauth', 'oidc', 'saml', 'cors', 'csrf', 'debug', 'insecure', 'privileged', 'capabilities', 'seccomp', 'apparmor', 'selinux', 'rbac', 'cert', 'certificate', 'certificates', 'cipher', 'ciphers', 'verify', 'mtls']);
const securityKeys = /securitycontext|allowprivilegeescalation|runasuser|runasnonroot|runasgroup|readonlyrootfilesystem|hostnetwork|hostpid|hostipc|serviceaccount|networkpolic|allowedorigins|allow-origin|skip.?verify/i;
const imageWords = new Set(['image', 'images', 'digest', 'tag']);
const versionWords = new Set(['version', 'appversion', 'chart', 'release']);
const resourceWords = new Set(['resources', 'limits', 'requests', 'cpu', 'memory', 'xmx', 'xms', 'heap', 'storage', 'ephemeral']);
const flagWords = new Set(['feature', 'features', 'flag', 'flags', 'toggle', 'toggles', 'ff', 'experiment', 'experiments', 'enabled', 'enable']);

/** Why a difference matters, or null: the first of security, image, version, resources, feature flag that its path (or the keys of its subtree) names. */
export function impactOf(path: string, a: ConfigNode | null, b: ConfigNode | null): { impact: Impact; reason: string | null } {
  const inside = [a, b].flatMap((node) => (node && node.type !== 'scalar' ? keysOf(node) : []));
  const all = [...words(path), ...inside.flatMap((k) => words(k))];
  const text = [path, ...inside].join(' ');
  const values = [a, b].map((n) => (n?.type === 'scalar' ? String(n.value) : ''));
  const hit = (set: Set<string>) => all.find((w) => set.has(w));
  const security = hit(securityWords) ?? securityKeys.exec(text)?.[0];
  if (security) return { impact: 'security', reason: `a security setting (${security}): TLS, authentication, CORS, debug, privileges and capabilities must match between environments` };
  const image = hit(imageWords) ?? (values.some((v) => /@sha256:[0-9a-f]{16,}/.test(v)) ? 'digest' : undefined);
  if (image) return { impact: 'image', reason: `an image ${image === 'digest' ? 'digest' : `(${image})`}: the environments would not run the same build` };
  const version = hit(versionWords);
  if (version) return { impact: 'version', reason: `a version (${version}): the environments would run different releases` };
  const resource = hit(resourceWords);
  if (resource) return { impact: 'resources', reason: `a resource limit or request (${resource}): behaviour under load would differ` };
  const flag = hit(flagWords) ?? (/^(feature|ff)_/i.test(lastKey(path)) ? 'feature' : undefined);
  if (flag) return { impact: 'feature-flag', reason: `a feature flag (${flag}): the environments would not offer the same behaviour` };
  return { impact: 'none', reason: null };
}

function keysOf(node: ConfigNode, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || out.length > 200) return out;
  if (node.type === 'map') {
    for (const [key, item] of node.entries) {
      out.push(key);
      keysOf(item, out, depth + 1);
    }
  }
  if (node.type === 'list') for (const item of node.items) keysOf(item, out, depth + 1);
  return out;
}
