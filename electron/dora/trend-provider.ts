import { doraKeyIds, type DoraKeyId } from '../../shared/api/dora';
import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import type { Core } from '../services';
import { doraBands } from './bands';
import { keyDefinitions, keyTitles, keyUnits } from './keys';
import { doraKeys } from './service';

// The DORA keys as charts of the Trends dashboard and the report's trends section: one chart per key
// over the periods asked for, with the 2023 performance levels as its bands, and the deployments per
// system. Typed by shape, not by importing electron/trends (which lists this provider).

const better: Record<DoraKeyId, 'higher' | 'lower'> = { 'deployment-frequency': 'higher', 'lead-time': 'lower', 'change-failure-rate': 'lower', 'recovery-time': 'lower' };
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const doraTrendProvider = {
  id: 'dora',
  charts(core: Core, query: TrendQuery): TrendChart[] {
    const answer = doraKeys(core, { period: query.period, auditId: query.auditId, system: query.system, from: query.from, to: query.to });
    const categories = answer.periods.map((p) => p.label);
    const scope = query.system ? query.system : query.auditId ? (answer.deployments[0]?.auditName ?? 'This audit') : 'All systems';
    const source = `Bands: ${answer.benchmark.name} (${answer.benchmark.source}).`;
    const charts: TrendChart[] = doraKeyIds.map((key) => ({
      id: `dora.${key}`,
      group: 'dora',
      title: keyTitles[key],
      definition: `${keyDefinitions[key]} ${source}`,
      unit: keyUnits[key],
      kind: key === 'deployment-frequency' ? 'bar' : 'line',
      categories,
      series: [{ name: scope, values: answer.periods.map((p) => p.values[key] ?? null), basis: answer.periods.map((p) => p.basis[key] ?? 0) }],
      bands: doraBands[key].map((b) => ({ label: `${capitalised(b.level)}: ${b.words}`, ...(b.from !== undefined ? { from: b.from } : {}), ...(b.to !== undefined ? { to: b.to } : {}) })),
      better: better[key],
    }));
    const systems = [...new Set(answer.deployments.map((d) => d.system))].sort();
    const periodOf = new Map<string, string>();
    for (const row of answer.periods) for (const id of row.releaseIds) periodOf.set(id, row.label);
    charts.push({
      id: 'dora.deployments-by-system',
      group: 'dora',
      title: 'Production deployments per system',
      definition: `How many production deployments each system had in each period (what deployment frequency rests on). ${keyDefinitions['deployment-frequency'].split('. ').slice(1).join('. ')}`,
      unit: 'count',
      kind: 'stacked-bar',
      categories,
      series: systems.map((system) => {
        const counts = categories.map((label) => answer.deployments.filter((d) => d.system === system && periodOf.get(d.releaseId) === label).length);
        return { name: system || '(no system named)', values: counts, basis: counts };
      }),
    });
    return charts;
  },
};
