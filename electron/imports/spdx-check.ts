import { AppError } from '../../shared/api/errors';
import { isObject, str, type Json } from './structured';
import { clip } from './text';

// The required fields of an SPDX 2.2 / 2.3 document, written from the specification (no schema file
// ships here): clause numbers are those of SPDX 2.2.2 and 2.3 (6 = document creation, 7 = package).
// 2.3 made a package's licence and copyright fields optional; 2.2 requires them (NOASSERTION allowed).

export const spdxVersions = ['SPDX-2.2', 'SPDX-2.3'] as const;
const ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

/** Names a field for a refusal: a JSON path, or a tag-value tag with its line. */
export type FieldName = (path: string, tag: string, line?: number) => string;
export const jsonField: FieldName = (path) => path;

export function checkSpdx(doc: Json, name: FieldName, packageLines: Array<number | undefined> = []): string {
  const version = str(doc.spdxVersion);
  const fail = (rule: string): never => {
    throw new AppError('VALIDATION', `This ${version ?? 'SPDX'} document breaks the specification: ${rule}.`);
  };
  if (!version || !(spdxVersions as readonly string[]).includes(version)) throw new AppError('VALIDATION', `This SPDX document declares ${version ? `"${clip(version, 20)}"` : 'no version'}; SPDX-2.2 and SPDX-2.3 are read.`);
  const clause = `${version.replace('-', ' ')} clause`;
  if (str(doc.dataLicense) !== 'CC0-1.0') fail(`${name('dataLicense', 'DataLicense')} must be "CC0-1.0" (${clause} 6.2)`);
  if (str(doc.SPDXID) !== 'SPDXRef-DOCUMENT') fail(`${name('SPDXID', 'SPDXID')} of the document must be "SPDXRef-DOCUMENT" (${clause} 6.3)`);
  if (!str(doc.name)) fail(`${name('name', 'DocumentName')} is required (${clause} 6.4)`);
  if (!str(doc.documentNamespace)) fail(`${name('documentNamespace', 'DocumentNamespace')} is required (${clause} 6.5)`);
  const info = isObject(doc.creationInfo) ? doc.creationInfo : {};
  if (!Array.isArray(info.creators) || info.creators.filter((c) => str(c)).length === 0) fail(`${name('creationInfo.creators', 'Creator')} needs at least one creator (${clause} 6.8)`);
  if (!str(info.created) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(str(info.created) as string)) fail(`${name('creationInfo.created', 'Created')} is required, as YYYY-MM-DDThh:mm:ssZ (${clause} 6.9)`);
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) fail(`${name('packages', 'PackageName')} must be a list`);
  const packages = Array.isArray(doc.packages) ? doc.packages : [];
  const seen = new Set<string>();
  packages.forEach((pkg, i) => {
    const at = (field: string, tag: string) => name(`packages[${i}].${field}`, tag, packageLines[i]);
    if (!isObject(pkg)) fail(`${name(`packages[${i}]`, 'PackageName', packageLines[i])} must be an object`);
    const p = pkg as Json;
    if (!str(p.name)) fail(`${at('name', 'PackageName')} is required (${clause} 7.1)`);
    const id = str(p.SPDXID);
    if (!id || !ID.test(id)) fail(`${at('SPDXID', 'SPDXID')} must be "SPDXRef-" followed by letters, digits, "." or "-" (${clause} 7.2)`);
    if (seen.has(id as string)) fail(`${at('SPDXID', 'SPDXID')} "${clip(id as string, 80)}" is used twice (${clause} 7.2: unique in the document)`);
    seen.add(id as string);
    if (!str(p.downloadLocation)) fail(`${at('downloadLocation', 'PackageDownloadLocation')} is required (a URL, NONE or NOASSERTION; ${clause} 7.7)`);
    if (version === 'SPDX-2.2') {
      if (!str(p.licenseConcluded)) fail(`${at('licenseConcluded', 'PackageLicenseConcluded')} is required in SPDX 2.2 (NOASSERTION allowed; ${clause} 7.13)`);
      if (!str(p.licenseDeclared)) fail(`${at('licenseDeclared', 'PackageLicenseDeclared')} is required in SPDX 2.2 (NOASSERTION allowed; ${clause} 7.15)`);
      if (!str(p.copyrightText)) fail(`${at('copyrightText', 'PackageCopyrightText')} is required in SPDX 2.2 (NOASSERTION allowed; ${clause} 7.17)`);
    }
  });
  return version;
}
