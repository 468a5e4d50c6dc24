import { AppError } from '../../shared/api/errors';
import type { Json } from './structured';
import { clip } from './text';
import { kid, kids, readXmlTree, textOf, type XmlElement } from './xml-tree';

// CycloneDX XML (1.2–1.6) turned into the shape of CycloneDX JSON, so one fact builder reads both;
// each object made remembers the lines its element spans. No XSD validator runs here: the structure
// rules of the XSD that the facts depend on are checked by hand (the root's namespace, a component's
// required type and name — and version before 1.4 —, the enumerations of type, scope, hash algorithm,
// rating severity and analysis state, a hash's hex content, a licence's id or name, a dependency's ref,
// and bom-refs unique in the document), each refusal naming the XSD rule.

export const CDX_NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(1\.[2-6])$/;

const componentTypes: Record<string, string[]> = {
  base: ['application', 'framework', 'library', 'container', 'operating-system', 'device', 'firmware', 'file'],
  '1.5': ['platform', 'device-driver', 'machine-learning-model', 'data'],
  '1.6': ['platform', 'device-driver', 'machine-learning-model', 'data', 'cryptographic-asset'],
};
const scopes = ['required', 'optional', 'excluded'];
const hashAlgs = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-384', 'SHA3-512', 'BLAKE2b-256', 'BLAKE2b-384', 'BLAKE2b-512', 'BLAKE3'];
const severities = ['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown'];
const states = ['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected'];

export interface XmlBom {
  bom: Json;
  version: string;
  lines: WeakMap<object, [number, number]>;
}

export function readCycloneDxXml(text: string): XmlBom {
  const what = 'CycloneDX XML BOM';
  const root = readXmlTree(text, what);
  const ns = root.attrs.xmlns ?? Object.entries(root.attrs).find(([k]) => k.startsWith('xmlns:') && root.attrs[k]?.includes('cyclonedx'))?.[1] ?? '';
  const version = CDX_NAMESPACE.exec(ns)?.[1];
  if (root.name !== 'bom') throw new AppError('VALIDATION', `This XML file's root element is <${clip(root.name, 60)}>, not a CycloneDX <bom>.`);
  if (!version) throw new AppError('VALIDATION', `This <bom> is in the namespace "${clip(ns, 80)}", not a CycloneDX 1.2–1.6 one (http://cyclonedx.org/schema/bom/1.x).`);
  const lines = new WeakMap<object, [number, number]>();
  const refs = new Set<string>();
  const refuse = (element: XmlElement, rule: string): never => {
    throw new AppError('VALIDATION', `This CycloneDX ${version} XML BOM breaks its schema at line ${element.line}: ${rule}.`);
  };
  const mark = <T extends object>(value: T, element: XmlElement): T => {
    lines.set(value, [element.line, element.end]);
    return value;
  };
  const oneOf = (element: XmlElement, value: string | undefined, allowed: string[], rule: string) => {
    if (value !== undefined && !allowed.includes(value)) refuse(element, `${rule} "${clip(value, 60)}" is not one of ${allowed.join(', ')} (XSD enumeration)`);
  };
  const bomRef = (element: XmlElement): string | undefined => {
    const ref = element.attrs['bom-ref'];
    if (ref === undefined) return undefined;
    if (refs.has(ref)) refuse(element, `the bom-ref "${clip(ref, 80)}" is used twice (XSD: bom-ref values are unique)`);
    refs.add(ref);
    return ref;
  };

  const component = (element: XmlElement): Json => {
    const type = element.attrs.type;
    if (type === undefined) refuse(element, '<component> has no type attribute (XSD: component/@type is required)');
    oneOf(element, type, [...(componentTypes.base as string[]), ...(componentTypes[version] ?? [])], 'the component type');
    const name = textOf(element, 'name');
    if (!name) refuse(element, '<component> has no <name> (XSD: component/name is required)');
    const componentVersion = textOf(element, 'version');
    if ((version === '1.2' || version === '1.3') && componentVersion === undefined) refuse(element, `<component> "${clip(name as string, 60)}" has no <version> (XSD ${version}: component/version is required)`);
    const scope = textOf(element, 'scope');
    oneOf(element, scope, scopes, 'the scope');
    const hashes = kids(kid(element, 'hashes'), 'hash').map((hash) => {
      oneOf(hash, hash.attrs.alg, hashAlgs, 'the hash algorithm');
      if (!/^(?:[a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/.test(hash.text.trim())) refuse(hash, '<hash> content is not a hex digest of 32, 40, 64, 96 or 128 digits (XSD hashValue)');
      return { alg: hash.attrs.alg, content: hash.text.trim() };
    });
    const licenses = (kid(element, 'licenses')?.children ?? []).map((entry) => {
      if (entry.name === 'expression') return { expression: entry.text.trim() };
      const id = textOf(entry, 'id');
      const licenceName = textOf(entry, 'name');
      if (!id && !licenceName) refuse(entry, '<license> has neither <id> nor <name> (XSD: a license is an id or a name)');
      return { license: id ? { id } : { name: licenceName } };
    });
    const supplier = kid(element, 'supplier');
    return mark({
      type,
      'bom-ref': bomRef(element),
      name,
      group: textOf(element, 'group'),
      version: componentVersion,
      purl: textOf(element, 'purl'),
      scope,
      supplier: supplier ? { name: textOf(supplier, 'name') } : undefined,
      author: textOf(element, 'author'),
      publisher: textOf(element, 'publisher'),
      hashes,
      licenses,
      components: kids(kid(element, 'components'), 'component').map(component),
    }, element);
  };

  const metadataElement = kid(root, 'metadata');
  const toolsElement = kid(metadataElement, 'tools');
  const tool = (t: XmlElement) => ({ vendor: textOf(t, 'vendor'), name: textOf(t, 'name'), version: textOf(t, 'version') });
  // 1.2–1.4 list <tool>s; 1.5+ may list <components> and <services> instead.
  const tools = [...kids(toolsElement, 'tool'), ...kids(kid(toolsElement, 'components'), 'component'), ...kids(kid(toolsElement, 'services'), 'service')].map(tool);
  const metadataComponent = kid(metadataElement, 'component');
  const metadata = metadataElement ? mark({ timestamp: textOf(metadataElement, 'timestamp'), tools, component: metadataComponent ? component(metadataComponent) : undefined }, metadataElement) : undefined;

  const dependencies = kids(kid(root, 'dependencies'), 'dependency').map((dependency) => {
    if (!dependency.attrs.ref) refuse(dependency, '<dependency> has no ref attribute (XSD: dependency/@ref is required)');
    return { ref: dependency.attrs.ref, dependsOn: kids(dependency, 'dependency').map((d) => d.attrs.ref).filter(Boolean) };
  });

  const vulnerabilities = kids(kid(root, 'vulnerabilities'), 'vulnerability').map((v) => {
    const ratings = kids(kid(v, 'ratings'), 'rating').map((r) => {
      oneOf(r, textOf(r, 'severity'), severities, 'the rating severity');
      return { score: textOf(r, 'score') !== undefined ? Number(textOf(r, 'score')) : undefined, severity: textOf(r, 'severity'), method: textOf(r, 'method'), vector: textOf(r, 'vector') };
    });
    const a = kid(v, 'analysis');
    if (a) oneOf(a, textOf(a, 'state'), states, 'the analysis state');
    const analysis = a ? mark({ state: textOf(a, 'state'), justification: textOf(a, 'justification'), response: kids(kid(a, 'responses'), 'response').map((r) => r.text.trim()), detail: textOf(a, 'detail'), firstIssued: textOf(a, 'firstIssued'), lastUpdated: textOf(a, 'lastUpdated') }, a) : undefined;
    const affects = kids(kid(v, 'affects'), 'target').map((t) => ({ ref: textOf(t, 'ref'), versions: kids(kid(t, 'versions'), 'version').map((x) => ({ version: textOf(x, 'version'), range: textOf(x, 'range'), status: textOf(x, 'status') })) }));
    return mark({
      'bom-ref': bomRef(v),
      id: textOf(v, 'id'),
      references: kids(kid(v, 'references'), 'reference').map((r) => ({ id: textOf(r, 'id') })),
      ratings,
      description: textOf(v, 'description'),
      published: textOf(v, 'published'),
      analysis,
      affects,
    }, v);
  });

  const bom = mark({
    bomFormat: 'CycloneDX',
    specVersion: version,
    serialNumber: root.attrs.serialNumber,
    version: root.attrs.version,
    metadata,
    components: kids(kid(root, 'components'), 'component').map(component),
    dependencies,
    vulnerabilities,
  }, root);
  return { bom: bom as Json, version, lines };
}
