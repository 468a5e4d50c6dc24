import { useState } from 'react';
import { frameworkShortNames, useLibrary } from '../../stores/library';
import { Field } from '../../components/Field';

/** The control library by stage, searchable, each control with its objective, procedure and mappings. */
export function ControlsTab() {
  const controls = useLibrary((s) => s.controls);
  const [query, setQuery] = useState('');
  if (!controls) return <p className="muted" role="status">Loading the control library…</p>;
  const needle = query.trim().toLowerCase();
  const matches = controls.controls.filter(
    (c) => !needle || `${c.id} ${c.title} ${c.objective} ${Object.values(c.mappings).flat().join(' ')}`.toLowerCase().includes(needle),
  );
  return (
    <div>
      <div className="toolbar">
        <Field inline label="Filter controls">
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. rollback, BAI06, 8.5.3" />
        </Field>
        <span className="muted">
          {matches.length} of {controls.controls.length} controls · library {controls.library} v{controls.version}
        </span>
      </div>
      {matches.length === 0 && <p className="muted">No control matches "{query}".</p>}
      {controls.stages.map((stage) => {
        const inStage = matches.filter((c) => c.stage === stage.id);
        if (inStage.length === 0) return null;
        return (
          <section key={stage.id} className="stage-group" aria-label={stage.title}>
            <h2>
              {stage.title} <span className="muted">({inStage.length})</span>
            </h2>
            {inStage.map((c) => (
              <details key={c.id} className="control">
                <summary>
                  <code>{c.id}</code> {c.title} <span className={`badge badge-${c.automation}`}>{c.automation}</span>{' '}
                  <span className={`badge badge-risk-${c.risk}`}>{c.risk} risk</span>
                </summary>
                <dl>
                  <dt>Objective</dt>
                  <dd>{c.objective}</dd>
                  <dt>Test procedure</dt>
                  <dd>{c.testProcedure}</dd>
                  <dt>Evidence expected</dt>
                  <dd>
                    <ul>
                      {c.evidenceExpected.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                  </dd>
                  <dt>Mappings</dt>
                  <dd>
                    {Object.entries(c.mappings).map(([framework, ids]) => (
                      <div key={framework}>
                        {frameworkShortNames[framework]}: {ids.join(', ')}
                      </div>
                    ))}
                  </dd>
                </dl>
              </details>
            ))}
          </section>
        );
      })}
    </div>
  );
}
