import type { Evidence } from '../../../shared/api/evidence';
import { severities } from '../../../shared/enums';
import type { ReportData } from '../data';
import type { EditionView, ShownFinding } from '../document';

export type { EditionView } from '../document';

// What one edition of the report may show, decided once: each finding with the id every section calls
// it by (F-01, … in the order the findings section lists them, the same in every edition), whether it is
// withheld, which evidence is confidential, which interviews' content may be printed, and the evidence
// cited (E-1, …) that the appendix lists.


export function editionView(data: ReportData, external: boolean): EditionView {
  const ordered = severities.flatMap((s) => data.findings.filter((f) => f.severity === s));
  const findings: ShownFinding[] = ordered.map((f, i) => ({ ...f, hidden: external && f.confidential, ref: `F-${String(i + 1).padStart(ordered.length > 99 ? 3 : 2, '0')}` }));
  const interviewShown = (interview: { shareable: boolean }) => !external || interview.shareable;
  // Confidential evidence: marked so, or supporting a confidential finding or an interview kept internal.
  const confidential = new Set<string>();
  if (external) {
    for (const f of findings) if (f.hidden) for (const e of f.evidence) confidential.add(e.id);
    for (const e of data.evidence) if (e.confidential) confidential.add(e.id);
    for (const i of data.interviews) if (!interviewShown(i)) for (const e of i.evidence) confidential.add(e.id);
  }
  const shownEvidence = (list: Evidence[]) => list.filter((e) => !confidential.has(e.id));
  const cited = dedupe(
    shownEvidence([
      ...findings.filter((f) => !f.hidden).flatMap((f) => f.evidence),
      ...data.results.flatMap((r) => r.evidence),
      ...[...data.entryEvidence.values()].flat(),
      ...data.interviews.filter(interviewShown).flatMap((i) => i.evidence),
    ]),
  );
  const numbers = new Map(cited.map((e, i) => [e.id, `E-${i + 1}`]));
  return {
    findings,
    refs: new Map(findings.map((f) => [f.id, f])),
    interviewShown,
    shownEvidence,
    cited,
    evidenceRef: (e) => numbers.get(e.id) ?? '',
    withheld: confidential.size > 0 || findings.some((f) => f.hidden) || data.interviews.some((i) => !interviewShown(i)),
  };
}

function dedupe(items: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return items.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
