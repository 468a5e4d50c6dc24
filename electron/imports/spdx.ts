import { AppError } from '../../shared/api/errors';
import type { Fact, LineRange } from '../../shared/api/imports';
import { licenceFromExpression } from './sbom-licence';
import type { FactSink } from './sink';
import { checkSpdx, jsonField } from './spdx-check';
import { readSpdxTagValue } from './spdx-tag-value';
import { JsonLines } from './json-lines';
import { isObject, parseJson, str, type Json, type Path } from './structured';
import { clip } from './text';
import { readIso } from './time';
import type { z } from 'zod';

// SPDX 2.2 / 2.3 documents, JSON or tag-value (read into the JSON shape): the document (what it
// DESCRIBES is its root), and each package a component, its licence the concluded one where the
// creator concluded one (else the declared one), its dependencies from the relationships.

type Range = z.infer<typeof LineRange>;
const forward = new Set(['DEPENDS_ON', 'CONTAINS', 'DYNAMIC_LINK', 'STATIC_LINK']);
const backward = new Set(['DEPENDENCY_OF', 'CONTAINED_BY', 'BUILD_DEPENDENCY_OF', 'DEV_DEPENDENCY_OF', 'OPTIONAL_DEPENDENCY_OF', 'PROVIDED_DEPENDENCY_OF', 'RUNTIME_DEPENDENCY_OF', 'TEST_DEPENDENCY_OF']);

const party = (value: unknown): string | null => {
  const text = str(value);
  if (!text || text === 'NOASSERTION') return null;
  return clip(text.replace(/^(?:Person|Organization|Tool):\s*/, '').replace(/\s*\(\s*\)$/, ''), 300);
};
const hashName = (alg: string) => alg.toUpperCase().replace(/^SHA(\d)/, 'SHA-$1').replace(/^SHA-3-/, 'SHA3-').replace(/^BLAKE2B/, 'BLAKE2b');

export function buildSpdx(doc: Json, encoding: 'json' | 'tag-value', where: (path: Path) => Range, sink: FactSink): void {
  const packages = (Array.isArray(doc.packages) ? doc.packages : []).filter(isObject);
  const ids = new Set(packages.map((p) => str(p.SPDXID) as string));
  const dependsOn = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    if (!ids.has(from) || !ids.has(to) || from === to) return;
    const list = dependsOn.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    dependsOn.set(from, list);
  };
  const described = new Set((Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []).map(str).filter((d): d is string => d !== null));
  for (const relationship of Array.isArray(doc.relationships) ? doc.relationships.filter(isObject) : []) {
    const type = str(relationship.relationshipType) ?? '';
    const a = str(relationship.spdxElementId) ?? '';
    const b = str(relationship.relatedSpdxElement) ?? '';
    if (type === 'DESCRIBES' && a === 'SPDXRef-DOCUMENT') described.add(b);
    else if (type === 'DESCRIBED_BY' && b === 'SPDXRef-DOCUMENT') described.add(a);
    else if (forward.has(type)) add(a, b);
    else if (backward.has(type)) add(b, a);
  }
  const root = packages.find((p) => described.has(str(p.SPDXID) ?? ''));
  const info = isObject(doc.creationInfo) ? doc.creationInfo : {};
  sink.add({
    kind: 'sbom-document',
    lines: where(['creationInfo']),
    format: 'spdx',
    specVersion: str(doc.spdxVersion) ?? '',
    encoding,
    serial: str(doc.documentNamespace),
    name: root ? str(root.name) : str(doc.name),
    version: root ? str(root.versionInfo) : null,
    purl: root ? purlOf(root) : null,
    created: readIso(str(info.created)),
    tools: (Array.isArray(info.creators) ? info.creators : []).map(str).filter((c): c is string => c !== null && c.startsWith('Tool:')).map((c) => clip(c.replace(/^Tool:\s*/, ''), 200)).slice(0, 50),
    components: packages.length,
  });
  packages.forEach((pkg, i) => {
    const id = str(pkg.SPDXID) as string;
    const concluded = str(pkg.licenseConcluded);
    const hashes: Record<string, string> = {};
    for (const sum of Array.isArray(pkg.checksums) ? pkg.checksums.filter(isObject) : []) {
      const alg = str(sum.algorithm);
      const value = str(sum.checksumValue);
      if (alg && value && Object.keys(hashes).length < 20) hashes[hashName(clip(alg, 40))] = clip(value.toLowerCase(), 200);
    }
    sink.add({
      kind: 'sbom-component',
      lines: where(['packages', i]),
      ref: id,
      name: clip(str(pkg.name) as string, 500),
      group: null,
      version: str(pkg.versionInfo),
      purl: purlOf(pkg),
      type: str(pkg.primaryPackagePurpose)?.toLowerCase().replace(/_/g, '-') ?? null,
      supplier: party(pkg.supplier) ?? party(pkg.originator),
      licence: licenceFromExpression(concluded && concluded !== 'NOASSERTION' ? concluded : str(pkg.licenseDeclared) ?? concluded),
      hashes,
      dependsOn: dependsOn.get(id) ?? [],
      scope: null,
    } satisfies Fact);
  });
}

function purlOf(pkg: Json): string | null {
  const refs = Array.isArray(pkg.externalRefs) ? pkg.externalRefs.filter(isObject) : [];
  return str(refs.find((r) => str(r.referenceType) === 'purl')?.referenceLocator);
}

export function parseSpdx(text: string, sink: FactSink): void {
  if (text.trimStart().startsWith('{')) {
    const doc = parseJson(text, 'SPDX document');
    if (!isObject(doc)) throw new AppError('VALIDATION', 'This JSON is not an SPDX document: it is not an object.');
    checkSpdx(doc, jsonField);
    const index = new JsonLines(text);
    buildSpdx(doc, 'json', (path) => index.lines(path), sink);
    return;
  }
  const read = readSpdxTagValue(text);
  checkSpdx(read.doc, (_path, tag, line) => `${tag}${line ? ` (line ${line})` : ''}`, read.packageLines);
  buildSpdx(read.doc, 'tag-value', (path) => read.lines(path), sink);
}
