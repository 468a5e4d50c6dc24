import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { nodeStatuses, type EntryKind, type WarRoomBoard } from '../../../../shared/api/warroom';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { WarRoomTimeline } from './WarRoomTimeline';
import type { Evidence } from '../../../../shared/api/evidence';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';

type Compose = { kind: EntryKind; fields: Record<string, string> } | null;

const hotkeys: Array<{ key: string; label: string; kind: EntryKind | 'step-next' | 'step-done' }> = [
  { key: 's', label: 'Start next step', kind: 'step-next' },
  { key: 'd', label: 'Finish step', kind: 'step-done' },
  { key: 'n', label: 'Node status', kind: 'node-status' },
  { key: 'v', label: 'Deviation', kind: 'deviation' },
  { key: 'c', label: 'On-the-fly change', kind: 'on-the-fly-change' },
  { key: 'h', label: 'Halt check', kind: 'halt-check' },
  { key: 'b', label: 'Rollback', kind: 'rollback-started' },
  { key: 'o', label: 'Observer note', kind: 'note' },
  { key: 'x', label: 'Correct selected', kind: 'correction' },
];

const describe = (kind: string, body: Record<string, unknown>, steps: Map<string, string>): string => {
  switch (kind) {
    case 'step-started':
      return `Started: ${steps.get(String(body.stepId)) ?? 'step'}`;
    case 'step-finished':
      return `Finished: ${steps.get(String(body.stepId)) ?? 'step'}`;
    case 'node-status':
      return `${body.node}: ${body.status}`;
    case 'halt-check':
      return `${body.label}${body.batch ? ` (${body.batch})` : ''}: ${body.observedPercent}% against ${body.thresholdPercent}% → ${body.decision}`;
    case 'rollback-started':
      return `Rollback started (${body.mode})${body.reason ? `: ${body.reason}` : ''}`;
    case 'rollback-finished':
      return `Rollback finished: ${body.outcome}, RTO ${body.rtoTargetMinutes} min`;
    case 'change-approved':
      return `On-the-fly change approved by ${body.approvedBy}`;
    case 'correction':
      return `Correction${body.void ? ' (voids the entry)' : ''}: ${body.reason}`;
    default:
      return String(body.text ?? '');
  }
};

/** The live log of the deployment window, driven by single-key hotkeys. Entries are never edited. */
export function WarRoom({ release }: { release: Release }) {
  const [board, setBoard] = useState<WarRoomBoard | null>(null);
  const [compose, setCompose] = useState<Compose>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [policy, setPolicy] = useState<{ halt: number | null; rto: number | null }>({ halt: null, rto: null });
  const push = useNotices((s) => s.push);
  useEffect(() => {
    api['plans.get']({ auditId: release.auditId }).then((p) => setPolicy({ halt: p.haltThresholdPercent, rto: p.rtoTargetMinutes }), () => undefined);
  }, [release.auditId]);
  const region = useRef<HTMLElement>(null);
  const steps = new Map(release.runbook.map((s) => [s.id, s.title]));

  const refresh = useCallback(() => api['warroom.board']({ releaseId: release.id }).then(setBoard, (e: Error) => push('error', e.message)), [release.id, push]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const add = useCallback(
    async (kind: EntryKind, body: Record<string, unknown>, at?: string) => {
      try {
        await api['warroom.add']({ releaseId: release.id, kind, body, ...(at ? { at } : {}) });
        await refresh();
        return true;
      } catch (error) {
        push('error', (error as Error).message);
        return false;
      }
    },
    [release.id, refresh, push],
  );

  if (!board) return <p className="muted" role="status">Loading the war room…</p>;
  const running = board.steps.find((s) => s.actualStart && !s.actualEnd);
  const next = board.steps.find((s) => !s.actualStart);
  const rollbackOpen = board.rollbacks.some((r) => r.finishedAt === null);

  const trigger = (kind: (typeof hotkeys)[number]['kind']) => {
    if (kind === 'step-next') {
      if (next) void add('step-started', { stepId: next.stepId });
      else push('error', 'Every runbook step has started.');
    } else if (kind === 'step-done') {
      if (running) void add('step-finished', { stepId: running.stepId });
      else push('error', 'No step is running.');
    } else if (kind === 'rollback-started' && rollbackOpen) setCompose({ kind: 'rollback-finished', fields: { outcome: 'recovered', rtoTargetMinutes: String(policy.rto ?? 30), at: '' } });
    else if (kind === 'correction') {
      if (selected) setCompose({ kind: 'correction', fields: { correctsId: selected, reason: '', void: 'false' } });
      else push('error', 'Select an entry of the log first (click it), then press X.');
    } else setCompose({ kind, fields: { ...defaults(kind, policy.halt), at: '' } });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (compose || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return;
    const hotkey = hotkeys.find((h) => h.key === event.key.toLowerCase());
    if (!hotkey) return;
    event.preventDefault();
    event.stopPropagation();
    trigger(hotkey.kind);
  };

  return (
    <section className="warroom" aria-label="War room" tabIndex={0} ref={region} onKeyDown={onKeyDown}>
      <div className="hotkeys" role="toolbar" aria-label="War-room entries">
        {hotkeys.map((h) => (
          <button key={h.key} type="button" className="small" aria-keyshortcuts={h.key.toUpperCase()} onClick={() => trigger(h.kind)}>
            <kbd>{h.key.toUpperCase()}</kbd> {h.kind === 'rollback-started' && rollbackOpen ? 'Rollback finished' : h.label}
          </button>
        ))}
      </div>
      {compose && (
        <ComposeForm
          compose={compose}
          onCancel={() => {
            setCompose(null);
            region.current?.focus();
          }}
          steps={release.runbook}
          onSubmit={async (body, at) => {
            if (await add(compose.kind, body, at)) {
              setCompose(null);
              region.current?.focus();
            }
          }}
        />
      )}
      <div className="warroom-grid">
        <div>
          <h3>Timeline: planned against actual</h3>
          <WarRoomTimeline board={board} timeZone={release.timeZone} />
          <h3>Status by node</h3>
          {board.nodes.length === 0 ? (
            <p className="muted">No node status yet (N).</p>
          ) : (
            <ul className="node-board">
              {board.nodes.map((n) => (
                <li key={n.node} className={`node node-${n.status}`}>
                  <strong>{n.node}</strong> {n.status}
                </li>
              ))}
            </ul>
          )}
          {board.pendingChanges.length > 0 && (
            <div className="warning-banner" role="alert">
              <strong>On-the-fly changes awaiting approval</strong>
              <ul>
                {board.pendingChanges.map((c) => (
                  <li key={c.entryId}>
                    {c.text} <ApproveChange onApprove={(approvedBy) => add('change-approved', { changeEntryId: c.entryId, approvedBy })} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {board.haltBreaches.length > 0 && (
            <div className="breach-banner" role="alert">
              <strong>Halt threshold breached</strong>
              <ul>
                {board.haltBreaches.map((h) => (
                  <li key={h.entryId}>
                    {h.label}: {h.observedPercent}% observed, threshold {h.thresholdPercent}% — decision: {h.decision}
                    {h.decision === 'continue' ? ' (continued despite the breach)' : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {board.rollbacks.map((r, i) => (
            <p key={i} className={r.rtoMet === false ? 'status-error' : r.rtoMet ? 'status-ok' : 'muted'}>
              Rollback ({r.mode}) started {formatLocal(r.startedAt)}
              {r.finishedAt ? `, ${r.outcome} after ${r.minutes} min — RTO of ${r.rtoTargetMinutes} min ${r.rtoMet ? 'met' : 'NOT met'}` : ', still running'}
            </p>
          ))}
        </div>
        <div>
          <h3>Log (times in {release.timeZone || 'UTC'})</h3>
          <ol className="warroom-log" aria-label="War-room log">
            {[...board.entries].reverse().map((e) => (
              <li key={e.id}>
                <button type="button" className={`log-entry ${e.voided ? 'voided' : ''} ${selected === e.id ? 'selected' : ''}`} aria-pressed={selected === e.id} onClick={() => setSelected(e.id)}>
                  <time dateTime={e.at}>{formatLocal(e.at, undefined, release.timeZone || 'UTC')}</time> <span className="badge">{e.kind}</span> {describe(e.kind, e.body, steps)}
                  {e.correctedBy.length > 0 && <span className="muted"> · corrected</span>}
                  <span className="muted"> · {e.actor}</span>
                </button>
              </li>
            ))}
          </ol>
          {selected && <EntryEvidence key={selected} auditId={release.auditId} entryId={selected} />}
        </div>
      </div>
    </section>
  );
}

/** Evidence for the log entry selected (a screenshot of the dashboard at the halt decision, say). */
function EntryEvidence({ auditId, entryId }: { auditId: string; entryId: string }) {
  const [items, setItems] = useState<Evidence[]>([]);
  useEffect(() => {
    api['evidence.forTarget']({ targetType: 'warroom-entry', targetId: entryId }).then(setItems, () => setItems([]));
  }, [entryId]);
  const target = { targetType: 'warroom-entry' as const, targetId: entryId };
  return (
    <div className="item-evidence" aria-label="Evidence for the selected entry" role="region">
      <h3>Evidence for the selected entry</h3>
      <EvidenceCapture auditId={auditId} link={target} onAdded={(e) => setItems((l) => [...l, e])} label="Evidence for the selected entry" />
      <LinkExisting auditId={auditId} target={target} linked={items} onLinked={(e) => setItems((l) => [...l, e])} />
      <EvidenceList items={items} empty="No evidence for this entry yet." />
    </div>
  );
}

function defaults(kind: EntryKind, haltThreshold: number | null): Record<string, string> {
  switch (kind) {
    case 'node-status':
      return { node: '', status: 'in-progress' };
    case 'halt-check':
      // The audit's own halt threshold (Plan); the decision follows the numbers unless the auditor changes it.
      return { label: 'Error rate', batch: 'first batch', observedPercent: '', thresholdPercent: String(haltThreshold ?? 5), decision: 'auto' };
    case 'deviation':
      return { text: '', stepId: '' };
    case 'rollback-started':
      return { mode: 'manual', reason: '' };
    default:
      return { text: '' };
  }
}

function ApproveChange({ onApprove }: { onApprove: (approvedBy: string) => Promise<boolean> }) {
  const [by, setBy] = useState('');
  return (
    <span className="inline-add tight">
      <input
        aria-label="Approved by"
        placeholder="Approved by"
        value={by}
        onChange={(e) => setBy(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && by.trim()) void onApprove(by.trim());
        }}
      />
      <button type="button" className="small" disabled={!by.trim()} onClick={() => void onApprove(by.trim())}>
        Record approval
      </button>
    </span>
  );
}

function ComposeForm({
  compose,
  steps,
  onSubmit,
  onCancel,
}: {
  compose: NonNullable<Compose>;
  steps: Array<{ id: string; title: string }>;
  onSubmit: (body: Record<string, unknown>, at?: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState(compose.fields);
  const set = (key: string, value: string) => setFields((f) => ({ ...f, [key]: value }));
  const breached = fields.observedPercent !== '' && Number(fields.observedPercent) > Number(fields.thresholdPercent);
  const body = (): Record<string, unknown> => {
    const { at: _at, ...rest } = fields;
    switch (compose.kind) {
      case 'halt-check':
        return {
          ...rest,
          observedPercent: Number(fields.observedPercent),
          thresholdPercent: Number(fields.thresholdPercent),
          decision: fields.decision === 'auto' ? (breached ? 'halt' : 'continue') : fields.decision,
        };
      case 'deviation':
        return { text: fields.text, stepId: fields.stepId || null };
      case 'rollback-finished':
        return { outcome: fields.outcome, rtoTargetMinutes: Number(fields.rtoTargetMinutes) };
      case 'correction':
        return { correctsId: fields.correctsId, reason: fields.reason, void: fields.void === 'true' };
      default:
        return rest;
    }
  };
  const at = fields.at ? new Date(fields.at).toISOString() : undefined;
  const input = (key: string, label: string, props: Record<string, unknown> = {}) => (
    <label className="compose-field">
      <span>{label}</span>
      <input value={fields[key] ?? ''} onChange={(e) => set(key, e.target.value)} {...props} />
    </label>
  );
  const select = (key: string, label: string, options: readonly string[]) => (
    <label className="compose-field">
      <span>{label}</span>
      <select value={fields[key]} onChange={(e) => set(key, e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="compose panel"
      aria-label={`New ${compose.kind} entry`}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(body(), at);
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <strong>{compose.kind.replace(/-/g, ' ')}</strong>
      {compose.kind === 'node-status' && (
        <>
          {input('node', 'Node or service', { autoFocus: true })}
          {select('status', 'Status', nodeStatuses)}
        </>
      )}
      {compose.kind === 'halt-check' && (
        <>
          {input('label', 'Measured')}
          {input('batch', 'Batch')}
          {input('observedPercent', 'Observed %', { autoFocus: true, type: 'number', step: '0.1', min: 0, max: 100 })}
          {input('thresholdPercent', 'Halt above %', { type: 'number', step: '0.1', min: 0, max: 100 })}
          {select('decision', 'Decision', ['auto', 'continue', 'halt'])}
          {breached && (
            <span className="status-error" role="alert">
              Above the halt threshold
            </span>
          )}
        </>
      )}
      {compose.kind === 'rollback-started' && (
        <>
          {select('mode', 'Mode', ['manual', 'automatic'])}
          {input('reason', 'Reason', { autoFocus: true })}
        </>
      )}
      {compose.kind === 'rollback-finished' && (
        <>
          {select('outcome', 'Outcome', ['recovered', 'failed'])}
          {input('rtoTargetMinutes', 'RTO (minutes)', { autoFocus: true, type: 'number', min: 1 })}
        </>
      )}
      {compose.kind === 'correction' && (
        <>
          {input('reason', 'What was wrong', { autoFocus: true })}
          {select('void', 'Void the entry', ['false', 'true'])}
        </>
      )}
      {['deviation', 'on-the-fly-change', 'note'].includes(compose.kind) && input('text', 'Text', { autoFocus: true, className: 'grow' })}
      {compose.kind === 'deviation' && (
        <label className="compose-field">
          <span>Runbook step</span>
          <select value={fields.stepId} onChange={(e) => set('stepId', e.target.value)}>
            <option value="">none</option>
            {steps.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {compose.kind !== 'correction' && input('at', 'When (empty: now)', { type: 'datetime-local' })}
      <button type="submit" className="primary small">
        Log it (Enter)
      </button>
      <button type="button" className="small" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </form>
  );
}
