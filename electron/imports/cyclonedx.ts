import type { Fact } from '../../shared/api/imports';
import { readIso } from './time';
import { cycloneDxVulnerabilities, type Where } from './cyclonedx-vulns';
import { licenceFromChoices } from './sbom-licence';
import type { FactSink } from './sink';
import { isObject, str, type Json, type Path } from './structured';
import { clip } from './text';

// The facts of a CycloneDX BOM (1.2–1.6), from its JSON or from its XML turned into the same shape:
// the document (metadata.component is what it describes), every component with nested ones flattened,
// the dependency graph on each component, and the vulnerabilities with their VEX analysis.

export type { Where } from './cyclonedx-vulns';

const MAX_NESTING = 64;

function tools(metadata: Json): string[] {
  const raw = metadata.tools;
  // 1.2–1.4: an array of tools; 1.5+: { components: [...], services: [...] } (the array is deprecated).
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [...(Array.isArray(raw.components) ? raw.components : []), ...(Array.isArray(raw.services) ? raw.services : [])] : [];
  return list.filter(isObject).map((tool) => clip([str(tool.vendor) ?? (isObject(tool.supplier) ? str(tool.supplier.name) : null), str(tool.name), str(tool.version)].filter(Boolean).join(' '), 200)).filter((t) => t !== '').slice(0, 50);
}

function supplierOf(component: Json): string | null {
  if (isObject(component.supplier)) return str(component.supplier.name) ?? str(Array.isArray(component.supplier.url) ? component.supplier.url[0] : component.supplier.url);
  if (isObject(component.manufacturer)) return str(component.manufacturer.name);
  return str(component.publisher) ?? str(component.author);
}

function licences(component: Json) {
  const list = Array.isArray(component.licenses) ? component.licenses.filter(isObject) : [];
  return licenceFromChoices(list.map((entry) => {
    const licence = isObject(entry.license) ? entry.license : {};
    return { id: str(licence.id), name: str(licence.name), expression: str(entry.expression) };
  }));
}

function hashes(component: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const hash of Array.isArray(component.hashes) ? component.hashes.filter(isObject) : []) {
    const alg = str(hash.alg);
    const content = str(hash.content);
    if (alg && content && Object.keys(out).length < 20) out[clip(alg, 40)] = clip(content.toLowerCase(), 200);
  }
  return out;
}

function dependencyGraph(bom: Json): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dependency of Array.isArray(bom.dependencies) ? bom.dependencies.filter(isObject) : []) {
    const ref = str(dependency.ref);
    if (!ref) continue;
    // JSON lists refs as strings; XML (and 1.2 JSON from some tools) as { ref } objects.
    const on = (Array.isArray(dependency.dependsOn) ? dependency.dependsOn : []).map((d) => (isObject(d) ? str(d.ref) : str(d))).filter((d): d is string => d !== null);
    graph.set(ref, [...new Set([...(graph.get(ref) ?? []), ...on])]);
  }
  return graph;
}

type Component = Extract<Fact, { kind: 'sbom-component' }>;

export function buildCycloneDx(bom: Json, encoding: 'json' | 'xml', where: Where, sink: FactSink): void {
  const metadata = isObject(bom.metadata) ? bom.metadata : {};
  const root = isObject(metadata.component) ? metadata.component : null;
  const graph = dependencyGraph(bom);
  const components: Component[] = [];
  const walk = (list: unknown, path: Path, depth: number) => {
    if (!Array.isArray(list) || depth > MAX_NESTING) return;
    list.forEach((component, i) => {
      if (!isObject(component)) return;
      const here = [...path, i];
      const ref = str(component['bom-ref']);
      components.push({
        kind: 'sbom-component',
        lines: where(here, component),
        ref,
        name: clip(str(component.name) ?? '(unnamed component)', 500),
        group: str(component.group),
        version: str(component.version),
        purl: str(component.purl),
        type: str(component.type),
        supplier: supplierOf(component),
        licence: licences(component),
        hashes: hashes(component),
        dependsOn: ref ? (graph.get(ref) ?? []) : [],
        scope: str(component.scope),
      });
      walk(component.components, [...here, 'components'], depth + 1);
    });
  };
  walk(bom.components, ['components'], 0);
  const timestamp = str(metadata.timestamp);
  sink.add({
    kind: 'sbom-document',
    lines: where(['metadata'], bom.metadata ?? bom),
    format: 'cyclonedx',
    specVersion: str(bom.specVersion) ?? '',
    encoding,
    serial: str(bom.serialNumber),
    name: root ? str(root.name) : null,
    version: root ? str(root.version) : null,
    purl: root ? str(root.purl) : null,
    created: timestamp ? readIso(timestamp) : null,
    tools: tools(metadata),
    components: components.length,
  });
  for (const component of components) sink.add(component);
  const byRef = new Map(components.filter((c) => c.ref !== null).map((c) => [c.ref as string, c]));
  if (root && str(root['bom-ref'])) byRef.set(str(root['bom-ref']) as string, { name: str(root.name) ?? '', version: str(root.version), purl: str(root.purl) } as Component);
  cycloneDxVulnerabilities(bom, components.length === 0, byRef, where, sink);
}
