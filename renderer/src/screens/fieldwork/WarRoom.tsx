import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Release } from '../../../../shared/api/releases';
import type { EntryKind, WarRoomLogEntry, WarRoomLogPage, WarRoomStatus } from '../../../../shared/api/warroom';
import { formatClockInZone, formatInZone } from '../../../../shared/time';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { usePages } from '../../hooks/usePages';
import { useErrorNotice, useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { WarRoomTimeline } from './WarRoomTimeline';
import { WarRoomCompose, type Compose } from './WarRoomCompose';
import { EntryEvidence } from './WarRoomEvidence';
import { WarRoomLog } from './WarRoomLog';
import { WarRoomImported } from './WarRoomImported';
import { describeEntry, entryDefaults, entryLabels } from './warroomEntry';

type Action = EntryKind | 'step-next' | 'step-done';

/** The log's order, newest first: the host's (electron/warroom/log.ts), for an entry added here. */
const newestFirstOrder = (a: WarRoomLogEntry, b: WarRoomLogEntry) => b.at.localeCompare(a.at) || b.recordedAt.localeCompare(a.recordedAt) || b.id.localeCompare(a.id);

const hotkeys: Array<{ key: string; label: string; kind: Action }> = [
  { key: 's', label: 'Start next step', kind: 'step-next' },
  { key: 'd', label: 'Finish step', kind: 'step-done' },
  { key: 'n', label: 'Node status', kind: 'node-status' },
  { key: 'v', label: 'Deviation', kind: 'deviation' },
  { key: 'c', label: 'On-the-fly change', kind: 'on-the-fly-change' },
  { key: 'a', label: 'Approve change', kind: 'change-approved' },
  { key: 'h', label: 'Halt check', kind: 'halt-check' },
  { key: 'b', label: 'Rollback', kind: 'rollback-started' },
  { key: 'o', label: 'Observer note', kind: 'note' },
  { key: 'x', label: 'Correct selected', kind: 'correction' },
];

const keyList = `${hotkeys.map((h) => h.key.toUpperCase()).join(', ')}, and ↑/↓ to select an entry`;

/** The live log of the deployment window, driven by single-key hotkeys. Entries are never edited. */
export function WarRoom({ release, focusRequest = 0, readOnly = false }: { release: Release; focusRequest?: number; readOnly?: boolean }) {
  const tz = release.timeZone || 'UTC';
  const [board, setBoard] = useState<WarRoomStatus | null>(null);
  // The log comes a page at a time, newest first; a correction can void other entries, so it reads the log again.
  const [logVersion, setLogVersion] = useState(0);
  const onError = useErrorNotice();
  const log = usePages<WarRoomLogEntry, WarRoomLogPage>((cursor, limit) => api['warroom.entries']({ releaseId: release.id, cursor, limit }), [release.id, logVersion], {
    onError,
    order: newestFirstOrder,
  });
  const putEntry = log.put;
  const [loadError, setLoadError] = useState<string | null>(null);
  const [compose, setCompose] = useState<Compose | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  // What the last key did or why it did nothing: said where the auditor looks, never as a pop-up.
  const [hint, setHint] = useState<{ text: string; error: boolean } | null>(null);
  const { data: plan } = useQuery(() => api['plans.get']({ auditId: release.auditId }), [release.auditId]);
  const policy = { halt: plan?.haltThresholdPercent ?? null, rto: plan?.rtoTargetMinutes ?? null };
  const region = useRef<HTMLElement>(null);
  const steps = new Map(release.runbook.map((s) => [s.id, s.title]));

  const refresh = useCallback(
    () =>
      api['warroom.board']({ releaseId: release.id }).then(
        (next) => {
          setBoard(next);
          setLoadError(null);
        },
        (e: Error) => setLoadError(plainError(e.message)),
      ),
    [release.id],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // The war room opened by its shortcut takes the keyboard at once.
  const loaded = board !== null;
  useEffect(() => {
    if (loaded && (focusRequest > 0 || !document.activeElement?.closest('input, textarea, select'))) region.current?.focus();
  }, [loaded, focusRequest]);

  // Entries go to the log one after another, in the order they were typed, even when sent quickly.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  /** Appends an entry; a refusal is thrown, for the form (or the hint line) to show. */
  const add = useCallback(
    (kind: EntryKind, body: Record<string, unknown>, at?: string): Promise<void> => {
      const run = queue.current
        .catch(() => undefined)
        .then(async () => {
          const entry = await api['warroom.add']({ releaseId: release.id, kind, body, ...(at ? { at } : {}) });
          useAudits.getState().workRecorded(release.auditId);
          // The board first: a key pressed as soon as the entry shows acts on the board that includes it.
          await refresh();
          if (kind === 'correction') setLogVersion((v) => v + 1);
          else putEntry({ ...entry, voided: false, correctedBy: [] });
        });
      queue.current = run;
      return run;
    },
    [release.id, release.auditId, refresh, putEntry],
  );

  if (!board || !log.rows) {
    // The same section as when loaded (React keeps the element), so it holds the keyboard from the first moment;
    // a key pressed before the log arrives says so instead of vanishing.
    return (
      <section
        className="warroom"
        aria-busy="true"
        tabIndex={0}
        ref={region}
        onKeyDown={(e) => {
          if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
            e.preventDefault();
            setHint({ text: `${e.key.toUpperCase()} did nothing: the war-room log is still loading. Press it again when the log shows.`, error: true });
          }
        }}
      >
        {loadError ? (
          <p className="status-error" role="alert">
            The war-room log could not be loaded: {loadError}
          </p>
        ) : (
          <p className="muted" role="status">
            Loading the war room…
          </p>
        )}
        {hint && <p className="key-hint status-error">{hint.text}</p>}
      </section>
    );
  }
  const running = board.steps.find((s) => s.actualStart && !s.actualEnd);
  const next = board.steps.find((s) => !s.actualStart);
  const rollbackOpen = board.rollbacks.some((r) => r.finishedAt === null);
  const newestFirst = log.rows;
  const say = (text: string, error = false) => setHint({ text, error });
  const quick = (kind: EntryKind, body: Record<string, unknown>, done: string) =>
    add(kind, body).then(
      () => say(done),
      (e: Error) => say(`Not recorded: ${plainError(e.message, entryLabels)}`, true),
    );

  const open = (kind: EntryKind, extra: Record<string, string> = {}) => {
    setHint(null);
    setCompose({ kind, fields: { ...entryDefaults(kind, policy), ...extra } });
  };
  const trigger = (kind: Action) => {
    if (readOnly) say('The audit is finalised: its war-room log is closed, and reads only.', true);
    else if (kind === 'step-next') {
      if (next) void quick('step-started', { stepId: next.stepId }, `Started: ${next.title}.`);
      else say(board.steps.length === 0 ? 'S does nothing: the release has no runbook steps (Details tab).' : 'S does nothing now: every runbook step has started.', true);
    } else if (kind === 'step-done') {
      if (running) void quick('step-finished', { stepId: running.stepId }, `Finished: ${running.title}.`);
      else say('D does nothing now: no step is running (S starts the next one).', true);
    } else if (kind === 'rollback-started' && rollbackOpen) open('rollback-finished');
    else if (kind === 'correction') {
      if (selected) open('correction', { correctsId: selected });
      else say('X corrects the selected entry: select one first with ↑/↓ (or a click).', true);
    } else if (kind === 'change-approved') {
      const first = board.pendingChanges.find((c) => c.entryId === selected) ?? board.pendingChanges[0];
      if (first) open('change-approved', { changeEntryId: first.entryId });
      else say('A does nothing now: no on-the-fly change is waiting for approval.', true);
    } else open(kind);
  };

  const select = (index: number) => {
    const entry = newestFirst[Math.max(0, Math.min(newestFirst.length - 1, index))];
    if (!entry) return say('The log is empty: there is no entry to select yet.', true);
    setSelected(entry.id);
    say(`Selected ${formatClockInZone(entry.at, tz)}: ${describeEntry(entry.kind, entry.body, steps)}. X corrects it.`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (compose || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, .item-evidence')) return;
    const at = newestFirst.findIndex((e) => e.id === selected);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      select(at === -1 ? 0 : at + (event.key === 'ArrowDown' ? 1 : -1));
      region.current?.focus();
      return;
    }
    if (event.key === 'Escape' && selected) {
      setSelected(null);
      say('No entry selected.');
      return;
    }
    if (event.key.length !== 1 || !/[a-z]/i.test(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    const hotkey = hotkeys.find((h) => h.key === event.key.toLowerCase());
    if (hotkey) trigger(hotkey.kind);
    else say(`${event.key.toUpperCase()} does nothing in the war room. Keys: ${keyList}.`, true);
  };

  const close = () => {
    setCompose(null);
    region.current?.focus();
  };

  return (
    <section className="warroom" aria-label="War room" tabIndex={0} ref={region} onKeyDown={onKeyDown}>
      <div className="hotkeys" role="toolbar" aria-label="War-room entries" hidden={readOnly}>
        {hotkeys.map((h) => (
          <button key={h.key} type="button" className="small" aria-keyshortcuts={h.key.toUpperCase()} onClick={() => trigger(h.kind)}>
            <kbd>{h.key.toUpperCase()}</kbd> {h.kind === 'rollback-started' && rollbackOpen ? 'Rollback finished' : h.label}
          </button>
        ))}
      </div>
      <p className={`key-hint ${hint?.error ? 'status-error' : 'muted'}`} role="status" data-testid="warroom-hint">
        {hint?.text ?? `Keys: ${keyList}. Times are in ${tz}.`}
      </p>
      {compose && (
        <WarRoomCompose
          key={`${compose.kind}-${compose.fields.correctsId ?? compose.fields.changeEntryId ?? ''}-${compose.error ?? ''}`}
          compose={compose}
          steps={release.runbook}
          pendingChanges={board.pendingChanges}
          timeZone={tz}
          onCancel={close}
          onSubmit={async (fields, body, at) => {
            // The form closes at once so the next keys are heard while the entry is recorded; a
            // refusal reopens it with everything typed (or, if another form is open, says so here).
            const sent = compose;
            close();
            say(`Recording: ${describeEntry(sent.kind, body, steps)}…`);
            try {
              await add(sent.kind, body, at ?? undefined);
              say(`Recorded: ${describeEntry(sent.kind, body, steps)}.`);
            } catch (error) {
              const message = (error as Error).message;
              setCompose((open) => open ?? { ...sent, fields, at, error: message });
              say(`Not recorded: ${describeEntry(sent.kind, body, steps)}: ${plainError(message, entryLabels)}`, true);
            }
          }}
        />
      )}
      <div className="warroom-grid">
        <div className="warroom-log-column">
          <h3>Log (times in {tz})</h3>
          {newestFirst.length === 0 && <p className="muted">Nothing logged yet. Press a key above to record what happens.</p>}
          <WarRoomLog
            entries={newestFirst}
            selected={selected}
            steps={steps}
            timeZone={tz}
            onSelect={(id) => {
              setSelected(id);
              region.current?.focus();
            }}
          />
          {log.loading && log.info && (
            <p className="muted" role="status" data-testid="warroom-log-loading">
              {newestFirst.length} of {log.info.total} entries loaded…
            </p>
          )}
          {selected && <EntryEvidence key={selected} auditId={release.auditId} entryId={selected} />}
        </div>
        <div>
          {board.pendingChanges.length > 0 && (
            <div className="warning-banner" role="alert">
              <strong>On-the-fly changes awaiting approval</strong>
              <ul>
                {board.pendingChanges.map((c) => (
                  <li key={c.entryId}>
                    {c.text}{' '}
                    <button type="button" className="small" onClick={() => open('change-approved', { changeEntryId: c.entryId })}>
                      Approve… (A)
                    </button>
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
              Rollback ({r.mode}) started {formatInZone(r.startedAt, tz)}
              {r.finishedAt ? `, ${r.outcome} after ${r.minutes} min — RTO of ${r.rtoTargetMinutes} min ${r.rtoMet ? 'met' : 'NOT met'}` : ', still running'}
            </p>
          ))}
          <h3>Timeline: planned against actual</h3>
          <WarRoomTimeline board={board} timeZone={tz} />
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
          <WarRoomImported imported={board.imported} timeZone={tz} />
        </div>
      </div>
    </section>
  );
}
