import { licenceVerdicts, type ReleaseComponents } from '../../../shared/api/licences';
import { table, type Content } from '../layout';

// A release's SBOM in the report: where its components came from, how many of each licence verdict
// under the audit's policy, and every component whose licence is not simply allowed, with its purl and why.

const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
const RED = '#b3261e';
const MAX_LISTED = 500;

export function sbomComponents(sbom: ReleaseComponents | undefined): Content {
  if (!sbom || sbom.importId === null) return { text: 'No SBOM was imported for this release.', style: 'muted' };
  const counts = licenceVerdicts.map((v) => `${sbom.counts[v]} ${v}`).join(', ');
  const flagged = sbom.components.filter((c) => c.verdict !== 'allowed');
  const parts: Content[] = [small(`${sbom.components.length} components from the SBOM ${sbom.source ?? ''}, judged against the audit's licence policy: ${counts}.`)];
  if (flagged.length === 0) return [...parts, small('Every component has an allowed licence.', { color: '#1b5e20' })];
  parts.push(table(
    ['*', 150, 55, '*'],
    ['Component (purl)', 'Licence', 'Verdict', 'Why'],
    flagged.slice(0, MAX_LISTED).map((c) => [
      { stack: [small(`${c.group ? `${c.group}/` : ''}${c.name}${c.version ? ` ${c.version}` : ''}`, { bold: true }), small(c.purl ?? 'no purl', { fontSize: 8, color: '#444444' })] },
      small(c.licence ?? '(none)'),
      small(c.verdict.toUpperCase(), c.verdict === 'review' ? { bold: true } : { color: RED, bold: true }),
      small(c.reason, { fontSize: 8 }),
    ]),
  ));
  if (flagged.length > MAX_LISTED) parts.push(small(`… and ${flagged.length - MAX_LISTED} more components whose licence is not allowed (see the Components tab).`, { color: RED }));
  return parts;
}
