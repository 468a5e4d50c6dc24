import type { ReactNode } from 'react';
import type { JudgedComponent } from '../../../../shared/api/licences';
import type { ComponentVulnerability } from '../../../../shared/api/vulnerabilities';
import { api } from '../../api/client';
import { useQuery } from '../../hooks/useQuery';

// The vulnerabilities of each component of the Components tab: the release's (component,
// vulnerability) rows read once, a page of 1,000 at a time, and told per component as a count, the
// worst severity and how many still wait for a VEX decision.

const order = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
const badge: Record<string, string> = { critical: 'badge badge-breach', high: 'badge badge-breach', medium: 'badge badge-warn', low: 'badge badge-warn' };
/** At most this many rows are read for the column (the Vulnerabilities tab pages through every one). */
const CAP = 50_000;

interface Tally {
  count: number;
  worst: ComponentVulnerability['severity'];
  undecided: number;
}

const keysOf = (c: { ref: string | null; purl: string | null; name: string | null; version: string | null }) =>
  [c.purl && `purl:${c.purl}`, c.ref && `ref:${c.ref}`, c.name && `name:${c.name}@${c.version ?? ''}`].filter((k): k is string => Boolean(k));

function tally(rows: ComponentVulnerability[]): Map<string, Tally> {
  const byKey = new Map<string, Tally>();
  for (const row of rows) {
    const seen = new Set<Tally>();
    for (const key of keysOf(row.component)) {
      const current = byKey.get(key) ?? { count: 0, worst: 'unknown', undecided: 0 };
      if (seen.has(current)) continue;
      seen.add(current);
      current.count += 1;
      if (order.indexOf(row.severity) < order.indexOf(current.worst)) current.worst = row.severity;
      if (!row.decided) current.undecided += 1;
      byKey.set(key, current);
    }
  }
  return byKey;
}

async function loadTally(releaseId: string): Promise<Map<string, Tally>> {
  const rows: ComponentVulnerability[] = [];
  let total = Infinity;
  while (rows.length < Math.min(total, CAP)) {
    const page = await api['vulnerabilities.list']({ releaseId, sort: 'component', offset: rows.length, limit: 1000 });
    total = page.total;
    rows.push(...page.items);
    if (page.items.length === 0) break;
  }
  return tally(rows);
}

/** A renderer for the Components tab's vulnerability column, or undefined while the rows load. */
export function useComponentVulnerabilities(releaseId: string): ((component: JudgedComponent) => ReactNode) | undefined {
  const { data: byKey, error } = useQuery(() => loadTally(releaseId), [releaseId]);
  if (error) return () => <span className="muted">not known</span>;
  if (!byKey) return undefined;
  return (component) => {
    const found = keysOf(component).map((key) => byKey.get(key)).find((t) => t !== undefined);
    if (!found) return <span className="muted">none known</span>;
    const words = `${found.count} ${found.count === 1 ? 'vulnerability' : 'vulnerabilities'}, worst ${found.worst}${found.undecided > 0 ? `, ${found.undecided} undecided` : ''}`;
    return (
      <span className={badge[found.worst] ?? 'badge'} title={words} aria-label={words}>
        {found.count} · {found.worst}
      </span>
    );
  };
}
