import { AppError } from '../../shared/api/errors';
import type { Json, Path } from './structured';
import { clip } from './text';

// SPDX tag-value (`Tag: value` lines, multi-line values in <text>…</text>) read into the shape of
// SPDX JSON, remembering the lines each package spans. A PackageName starts a package, a FileName or
// SnippetSPDXID a file or snippet (whose fields are skipped), and Relationship lines apply anywhere.

const MAX_LINE = 1_000_000;

const packageTags: Record<string, string> = {
  PackageVersion: 'versionInfo',
  PackageSupplier: 'supplier',
  PackageOriginator: 'originator',
  PackageDownloadLocation: 'downloadLocation',
  PackageLicenseConcluded: 'licenseConcluded',
  PackageLicenseDeclared: 'licenseDeclared',
  PackageCopyrightText: 'copyrightText',
  PrimaryPackagePurpose: 'primaryPackagePurpose',
  FilesAnalyzed: 'filesAnalyzed',
};
const documentTags: Record<string, string> = { SPDXVersion: 'spdxVersion', DataLicense: 'dataLicense', DocumentName: 'name', DocumentNamespace: 'documentNamespace' };

export interface TagValueDocument {
  doc: Json;
  packageLines: number[];
  lines(path: Path): [number, number];
}

export function readSpdxTagValue(text: string): TagValueDocument {
  const rows = text.split(/\r?\n/);
  const doc: Json = { packages: [], relationships: [], creationInfo: { creators: [] } };
  const info = doc.creationInfo as Json & { creators: string[] };
  const packages = doc.packages as Json[];
  const spans: Array<[number, number]> = [];
  let infoSpan: [number, number] | null = null;
  let section: 'document' | 'package' | 'other' = 'document';
  let current: Json | null = null;
  const last = rows.length;
  for (let i = 0; i < rows.length; i += 1) {
    const line = i + 1;
    const raw = rows[i] as string;
    if (raw.length > MAX_LINE) throw new AppError('VALIDATION', `This SPDX tag-value document has a line over ${MAX_LINE} characters (line ${line}), which no SPDX document has.`);
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z][A-Za-z0-9]*):\s?(.*)$/.exec(raw);
    if (!match) throw new AppError('VALIDATION', `This SPDX tag-value document is damaged at line ${line}: "${clip(raw.trim(), 60)}" is not a "Tag: value" line.`);
    const tag = match[1] as string;
    let value = (match[2] as string).trim();
    if (value.startsWith('<text>')) {
      // A value spanning lines, up to the closing </text>.
      let body = value.slice(6);
      while (!body.includes('</text>')) {
        i += 1;
        if (i >= rows.length) throw new AppError('VALIDATION', `This SPDX tag-value document is cut short: the <text> value of ${tag} opened at line ${line} is never closed.`);
        body += `\n${rows[i]}`;
      }
      value = body.slice(0, body.indexOf('</text>')).trim();
    }
    if (tag === 'PackageName') {
      if (current && spans.length > 0) (spans.at(-1) as [number, number])[1] = line - 1;
      current = { name: value };
      packages.push(current);
      spans.push([line, last]);
      section = 'package';
      continue;
    }
    if (tag === 'FileName' || tag === 'SnippetSPDXID' || tag === 'LicenseID') {
      if (current && spans.length > 0) (spans.at(-1) as [number, number])[1] = line - 1;
      current = null;
      section = 'other';
      continue;
    }
    if (tag === 'Relationship') {
      const [a, type, b] = value.split(/\s+/);
      (doc.relationships as Json[]).push({ spdxElementId: a, relationshipType: type, relatedSpdxElement: b });
      continue;
    }
    if (section === 'document') {
      if (tag in documentTags) doc[documentTags[tag] as string] = value;
      else if (tag === 'SPDXID') doc.SPDXID = value;
      else if (tag === 'Creator' || tag === 'Created') {
        if (tag === 'Creator') info.creators.push(value);
        else info.created = value;
        infoSpan = infoSpan ? [infoSpan[0], line] : [line, line];
      }
    } else if (section === 'package' && current) {
      if (tag === 'SPDXID') current.SPDXID = value;
      else if (tag in packageTags) current[packageTags[tag] as string] = value;
      else if (tag === 'PackageChecksum') {
        const [alg, sum] = value.split(/:\s*/);
        ((current.checksums ??= []) as Json[]).push({ algorithm: alg, checksumValue: sum });
      } else if (tag === 'ExternalRef') {
        const [category, type, locator] = value.split(/\s+/);
        ((current.externalRefs ??= []) as Json[]).push({ referenceCategory: category, referenceType: type, referenceLocator: locator });
      }
    }
  }
  if (current && spans.length > 0) (spans.at(-1) as [number, number])[1] = Math.max((spans.at(-1) as [number, number])[0], lastContent(rows));
  const whole: [number, number] = [1, Math.max(1, rows.length)];
  return {
    doc,
    packageLines: spans.map((s) => s[0]),
    lines(path: Path) {
      if (path[0] === 'packages' && typeof path[1] === 'number') return spans[path[1]] ?? whole;
      if (path[0] === 'creationInfo') return infoSpan ?? whole;
      return whole;
    },
  };
}

function lastContent(rows: string[]): number {
  for (let i = rows.length - 1; i >= 0; i -= 1) if ((rows[i] as string).trim() !== '') return i + 1;
  return 1;
}
