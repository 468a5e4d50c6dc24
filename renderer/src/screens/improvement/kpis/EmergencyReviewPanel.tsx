import type { EmergencyReview } from '../../../../../shared/api/kpis';
import { api } from '../../../api/client';
import { DataTable } from '../../../components/DataTable';
import { useErrorNotice, useQuery } from '../../../hooks/useQuery';

// The emergency-release review across time, under the KPIs: how many emergency releases each system
// had per month and their share, their causes grouped, and the checklist items they bypassed.

export function EmergencyReviewPanel({ auditId, system }: { auditId: string | null; system: string | null }) {
  const onError = useErrorNotice();
  const { data } = useQuery((): Promise<EmergencyReview> => api['kpis.emergency']({ auditId, system }), [auditId, system], onError);
  if (!data) return null;
  return (
    <section aria-label="Emergency releases" className="kpi-emergency">
      <h3>Emergency releases</h3>
      <p className="muted">
        {data.emergency} of {data.releases} release{data.releases === 1 ? '' : 's'} went through the emergency path. A release counts in the month its deployment window starts; its cause is read from
        the words of its emergency justification (or of its emergency review when the justification is empty).
      </p>
      <DataTable
        label="Emergency releases per system and month"
        rows={data.bySystemMonth}
        rowKey={(r) => `${r.system}\n${r.month}`}
        empty={<p className="muted">No release yet.</p>}
        columns={[
          { header: 'System', cell: (r) => r.system || '(no system)', rowHeader: true },
          { header: 'Month', cell: (r) => r.month, sort: (a, b) => a.month.localeCompare(b.month) },
          { header: 'Emergency releases', cell: (r) => r.emergency, sort: (a, b) => a.emergency - b.emergency },
          { header: 'Releases', cell: (r) => r.releases },
          { header: 'Share', cell: (r) => (r.sharePercent === null ? '—' : `${r.sharePercent.toFixed(1)} %`), sort: (a, b) => (a.sharePercent ?? -1) - (b.sharePercent ?? -1) },
        ]}
      />
      <div className="grid-2">
        <DataTable
          label="Causes of emergency releases"
          rows={data.causes}
          rowKey={(r) => r.cause}
          empty={<p className="muted">No emergency release.</p>}
          columns={[
            { header: 'Cause', cell: (r) => r.cause, rowHeader: true },
            { header: 'Emergency releases', cell: (r) => r.releases },
          ]}
        />
        <DataTable
          label="Checklist items bypassed in emergencies"
          rows={data.bypassed}
          rowKey={(r) => r.itemKey}
          empty={<p className="muted">No emergency release recorded a bypassed control.</p>}
          columns={[
            { header: 'Bypassed item', cell: (r) => r.itemKey, rowHeader: true },
            { header: 'Emergency releases', cell: (r) => r.releases },
          ]}
        />
      </div>
    </section>
  );
}
