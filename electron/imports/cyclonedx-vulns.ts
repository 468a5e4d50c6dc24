import type { z } from 'zod';
import { vexStates, vulnerabilitySeverities, type Fact, type LineRange } from '../../shared/api/imports';
import type { FactSink } from './sink';
import { isObject, num, str, type Json, type Path } from './structured';
import { clip } from './text';
import { readIso } from './time';

/** Where a node of the BOM is, as the lines of the file (JSON paths or XML elements). */
export type Where = (path: Path, node: unknown) => z.infer<typeof LineRange>;

// CycloneDX `vulnerabilities[]` (1.4+; a BOM with vulnerabilities and no components is a VEX or BOV
// file): each becomes a vulnerability fact, its affects resolved from bom-refs to the components'
// purl, name and version, and its `analysis` (the VEX decision) a vex-statement fact.

type Severity = (typeof vulnerabilitySeverities)[number];
type Known = { name: string; version: string | null; purl: string | null };

const rank: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unknown: 0 };

export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}

function ratings(vulnerability: Json): { severity: Severity; score: number | null; vector: string | null } {
  const list = Array.isArray(vulnerability.ratings) ? vulnerability.ratings.filter(isObject) : [];
  let severity: Severity = 'unknown';
  let best: Json | undefined;
  for (const rating of list) {
    const said = str(rating.severity)?.toLowerCase();
    const own = said && (vulnerabilitySeverities as readonly string[]).includes(said) ? (said as Severity) : said === 'info' ? 'none' : num(rating.score) !== null && /^CVSS/i.test(str(rating.method) ?? 'CVSS') ? severityOfScore(num(rating.score) as number) : 'unknown';
    if (rank[own] > rank[severity]) severity = own;
    // The score shown is a CVSS one, the newest method first.
    const method = str(rating.method) ?? '';
    if (num(rating.score) !== null && /^CVSS/i.test(method) && (!best || method > (str(best.method) ?? ''))) best = rating;
  }
  best ??= list.find((r) => num(r.score) !== null || str(r.vector) !== null);
  return { severity, score: best ? num(best.score) : null, vector: best ? str(best.vector) : null };
}

/** A ref as written: a bom-ref of this BOM, a purl, or a BOM-Link (urn:cdx:serial/version#ref). */
function resolve(ref: string, byRef: Map<string, Known>): { ref: string | null; purl: string | null; name: string | null; version: string | null } {
  const local = byRef.get(ref) ?? byRef.get(ref.replace(/^urn:cdx:[^#]*#/, ''));
  if (local) return { ref, purl: local.purl, name: local.name || null, version: local.version };
  if (ref.startsWith('pkg:')) {
    const at = /^pkg:[^/]+\/(?:[^@?#]*\/)?([^/@?#]+)(?:@([^?#]+))?/.exec(ref);
    return { ref: null, purl: ref, name: at?.[1] ? decodeURIComponent(at[1]) : null, version: at?.[2] ? decodeURIComponent(at[2]) : null };
  }
  return { ref, purl: null, name: null, version: null };
}

export function cycloneDxVulnerabilities(bom: Json, vexOnly: boolean, byRef: Map<string, Known>, where: Where, sink: FactSink): void {
  const list = Array.isArray(bom.vulnerabilities) ? bom.vulnerabilities : [];
  list.forEach((vulnerability, i) => {
    if (!isObject(vulnerability)) return;
    const id = str(vulnerability.id) ?? str(vulnerability['bom-ref']);
    if (!id) return;
    const lines = where(['vulnerabilities', i], vulnerability);
    const aliases = [...new Set((Array.isArray(vulnerability.references) ? vulnerability.references.filter(isObject) : []).map((r) => str(r.id)).filter((r): r is string => r !== null && r !== id))].slice(0, 50);
    const affects: Array<ReturnType<typeof resolve>> = [];
    const fixedIn: string[] = [];
    for (const affect of Array.isArray(vulnerability.affects) ? vulnerability.affects.filter(isObject) : []) {
      const ref = str(affect.ref);
      if (ref) affects.push(resolve(ref, byRef));
      for (const version of Array.isArray(affect.versions) ? affect.versions.filter(isObject) : []) {
        const v = str(version.version) ?? str(version.range);
        if (v && str(version.status) === 'unaffected' && !fixedIn.includes(v)) fixedIn.push(clip(v, 200));
      }
    }
    const rated = ratings(vulnerability);
    const published = str(vulnerability.published);
    sink.add({
      kind: 'vulnerability',
      lines,
      id: clip(id, 200),
      aliases,
      source: vexOnly ? 'vex' : 'sbom',
      severity: rated.severity,
      score: rated.score,
      vector: rated.vector ? clip(rated.vector, 300) : null,
      affects: affects.slice(0, 1000),
      fixedIn,
      summary: str(vulnerability.description) ? clip(str(vulnerability.description) as string, 2000) : null,
      published: published ? readIso(published) : null,
    } satisfies Fact);
    const analysis = isObject(vulnerability.analysis) ? vulnerability.analysis : null;
    const state = analysis ? str(analysis.state) : null;
    if (!analysis || !state || !(vexStates as readonly string[]).includes(state)) return;
    const at = str(analysis.lastUpdated) ?? str(analysis.firstIssued);
    sink.add({
      kind: 'vex-statement',
      lines: where(['vulnerabilities', i, 'analysis'], analysis),
      format: 'cyclonedx',
      vulnerability: clip(id, 200),
      aliases,
      products: affects.map((a) => a.purl ?? a.ref ?? '').filter((p) => p !== '').slice(0, 1000),
      state: state as (typeof vexStates)[number],
      justification: str(analysis.justification),
      response: (Array.isArray(analysis.response) ? analysis.response : []).map(str).filter((r): r is string => r !== null).slice(0, 20),
      detail: str(analysis.detail) ? clip(str(analysis.detail) as string, 2000) : null,
      at: at ? readIso(at) : null,
      author: null,
    });
  });
}
