import type { FactOf } from '../../shared/api/imports';
import { cvss3BaseScore, ratingOf, severityWord } from './cvss';
import type { OsvAffected, OsvRecord } from './osv-record';
import { fixedVersions } from './ranges';

// A matched OSV record said as a vulnerability fact: severity from a CVSS v3 vector's computed
// base score (the record's or the affected package's), else the database's own severity word;
// fixedIn from the fixed events of the package's ranges.

export interface MatchedComponent {
  ref: string | null;
  purl: string;
  name: string;
  version: string;
}

export function severityOf(record: OsvRecord, entry: OsvAffected): Pick<FactOf<'vulnerability'>, 'severity' | 'score' | 'vector'> {
  const vectors = [...entry.severity, ...record.severity];
  for (const s of vectors) {
    if (!/^CVSS_V3/.test(s.type)) continue;
    const computed = cvss3BaseScore(s.score);
    if (computed) return { severity: ratingOf(computed.score), score: computed.score, vector: s.score };
  }
  const word = severityWord(record.databaseSeverity);
  const other = vectors[0];
  return { severity: word ?? 'unknown', score: null, vector: other?.score ?? null };
}

export function vulnerabilityFact(record: OsvRecord, entry: OsvAffected, component: MatchedComponent, line: number): FactOf<'vulnerability'> {
  const published = record.published ? { text: record.published, utc: new Date(Date.parse(record.published)).toISOString(), offset: 'Z', zone: 'stated' as const } : null;
  return {
    kind: 'vulnerability',
    lines: [line, line],
    id: record.id,
    aliases: record.aliases,
    source: 'osv',
    ...severityOf(record, entry),
    affects: [{ ref: component.ref, purl: component.purl, name: component.name, version: component.version }],
    fixedIn: fixedVersions(entry),
    summary: record.summary,
    published: published && !Number.isNaN(Date.parse(record.published ?? '')) ? published : null,
  };
}
