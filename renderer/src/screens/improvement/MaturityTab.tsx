import { useState } from 'react';
import type { MaturityAssessment, MaturityHistory, MaturityModel } from '../../../../shared/api/maturity';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { useNotices } from '../../components/Notice';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { MaturityCriteria } from './MaturityCriteria';
import { MaturityModelEditor } from './MaturityModelEditor';

// The Maturity view: the audit's assessment against a standard model (ITIL 4 or COBIT 2019), with
// the level per practice and what the next level lacks, the criteria judged by keyboard, and the
// levels of every audit cycle that assessed the model.

export function MaturityTab({ auditId }: { auditId: string | null }) {
  const push = useNotices((s) => s.push);
  const models = useQuery(() => api['maturity.models']({}), [], (m) => push('error', `The maturity models could not be loaded: ${plainError(m)}`));
  const [chosen, setChosen] = useState<string | null>(null);
  const model: MaturityModel | undefined = models.data?.find((m) => m.id === chosen) ?? models.data?.[0];
  const modelId = model?.id ?? null;
  const assessment = useQuery(
    async (): Promise<MaturityAssessment | null> => (auditId && modelId ? api['maturity.assessment']({ auditId, modelId }) : null),
    [auditId, modelId],
    (m) => push('error', `The assessment could not be loaded: ${plainError(m)}`),
  );
  const history = useQuery(async (): Promise<MaturityHistory | null> => (modelId ? api['maturity.history']({ modelId }) : null), [modelId]);
  if (!models.data) return <p className="muted" role="status">Loading the maturity models…</p>;
  const current = assessment.data ?? null;
  return (
    <section className="maturity" aria-label="Maturity">
      <div className="maturity-models" role="radiogroup" aria-label="Maturity model">
        {models.data.map((m) => (
          <label key={m.id} className="maturity-model-choice">
            <input type="radio" name="maturity-model" checked={m.id === modelId} onChange={() => setChosen(m.id)} /> {m.name}
            <span className="muted small-text"> v{m.versions[0]?.version ?? 0}</span>
          </label>
        ))}
      </div>
      {model && (
        <MaturityModelEditor
          model={model}
          onChanged={() => {
            void models.reload();
            void assessment.reload();
          }}
        />
      )}
      {!auditId ? (
        <EmptyState title="Choose an audit">
          <p>Choose an audit in the context bar to assess it; the history below covers every audit cycle.</p>
        </EmptyState>
      ) : current ? (
        <>
          <p className="muted">
            {current.modelName}, v{current.version.version}
            {current.latestVersion > current.version.version ? ` (v${current.latestVersion} published since; this assessment keeps v${current.version.version})` : ''} · {current.counts.met} met, {current.counts.notMet} not met, {current.counts.notAssessed} not assessed.
            A level counts only when its criteria and those of every level below are met; level {current.floor} is the floor.
          </p>
          <DataTable
            label="Level per practice"
            rows={current.practices}
            rowKey={(p) => p.id}
            columns={[
              { header: 'Practice', rowHeader: true, cell: (p) => p.name },
              { header: 'Level', cell: (p) => <strong data-testid={`level-${p.id}`}>{`${p.level} ${p.levelTitle}`}</strong> },
              { header: 'Gap to next level', cell: (p) => (p.nextLevel === null ? 'Top of the scale' : `Level ${p.nextLevel}: ${p.gap.length} criteria not met (${p.gap.map((c) => c.id).join(', ')})`) },
            ]}
          />
          <MaturityCriteria assessment={current} onSaved={(next) => assessment.setData(next)} afterSave={() => void history.reload()} />
        </>
      ) : (
        <p className="muted" role="status">Loading the assessment…</p>
      )}
      <h2 className="maturity-history-title">Across audit cycles</h2>
      {history.data && (
        <DataTable
          label="Maturity history"
          rows={history.data.cycles}
          rowKey={(c) => c.auditId}
          empty={<p className="muted">No audit has been assessed against this model yet.</p>}
          columns={[
            { header: 'Audit', rowHeader: true, cell: (c) => `${c.auditName} (v${c.version})` },
            { header: 'Period from', cell: (c) => c.periodStart },
            ...history.data.practices.map((p) => ({ header: p.name, cell: (c: MaturityHistory['cycles'][number]) => (c.levels[p.id] ?? '—').toString() })),
          ]}
        />
      )}
    </section>
  );
}
