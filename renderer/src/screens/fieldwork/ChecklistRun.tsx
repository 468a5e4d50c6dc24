import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChecklistResult } from '../../../../shared/api/checklist';
import type { Release } from '../../../../shared/api/releases';
import type { TemplateItem } from '../../../../shared/api/templates';
import type { ChecklistResult as ResultValue } from '../../../../shared/enums';
import { formatLocal } from '../../../../shared/time';
import { allPages } from '../../api/all-pages';
import { api } from '../../api/client';
import { useNotices } from '../../components/Notice';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { useAudits } from '../../stores/audits';
import { useLibrary } from '../../stores/library';
import { EvidenceCapture } from '../evidence/EvidenceCapture';
import { EvidenceList } from '../evidence/EvidenceList';
import { LinkExisting } from '../evidence/LinkExisting';
import { useTargetEvidence } from '../evidence/useTargetEvidence';
import { CalibrationGuidance } from './CalibrationGuidance';

const resultKeys: Record<string, ResultValue> = { p: 'pass', f: 'fail', n: 'not-applicable', t: 'not-tested' };
const resultLabels: Record<ResultValue, string> = { pass: 'Pass', fail: 'Fail', 'not-applicable': 'N/A', 'not-tested': 'Not tested' };

// The checklist as loaded: its items, the pinned version's name, and the result recorded for each item.
type LoadedChecklist = { items: TemplateItem[]; pinned: string | null; results: Record<string, ChecklistResult> };
const noResults: Record<string, ChecklistResult> = {};

/**
 * The pinned checklist run against one release, by keyboard: ↑/↓ move, P pass, F fail, N not
 * applicable, T not tested, Enter writes a note, E attaches evidence, R raises a finding from a failed
 * item. Every result is saved the moment it is set.
 */
export function ChecklistRun({ release, readOnly = false }: { release: Release; readOnly?: boolean }) {
  const [focus, setFocus] = useState(0);
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const [evidenceFor, setEvidenceFor] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  // What the last key did not do, and why: written under the keys, not popped over the list.
  const [hint, setHint] = useState<string | null>(null);
  const stages = useLibrary((s) => s.controls)?.stages ?? [];
  const loadLibrary = useLibrary((s) => s.load);
  const push = useNotices((s) => s.push);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);
  const checklist = useQuery(
    async (): Promise<LoadedChecklist> => {
      const audit = await api['audits.get']({ id: release.auditId });
      if (!audit.pinnedTemplate) return { items: [], pinned: null, results: noResults };
      const [version, recorded] = await Promise.all([
        api['templates.version']({ id: audit.pinnedTemplate.versionId }),
        allPages((cursor, limit) => api['checklist.results']({ auditId: release.auditId, releaseId: release.id, cursor, limit })),
      ]);
      return { items: version.content.items, pinned: `${audit.pinnedTemplate.name} v${audit.pinnedTemplate.version}`, results: Object.fromEntries(recorded.map((r) => [r.itemKey, r])) };
    },
    [release.auditId, release.id],
    (message) => push('error', `The checklist could not be loaded: ${plainError(message)}`),
  );
  const items = checklist.data?.items ?? null;
  const pinned = checklist.data?.pinned ?? null;
  const results = checklist.data?.results ?? noResults;
  const { setData } = checklist;
  const setResults = useCallback(
    (update: (current: Record<string, ChecklistResult>) => Record<string, ChecklistResult>) => setData((c) => (c ? { ...c, results: update(c.results) } : c)),
    [setData],
  );

  // The latest note and result of each item as set on screen, and one save at a time per item:
  // a result key pressed right after a note never sends the note's old text.
  const latest = useRef<Record<string, { result?: ResultValue; note?: string }>>({});
  const chains = useRef<Record<string, Promise<unknown>>>({});
  const record = useCallback(
    (item: TemplateItem, result?: ResultValue, note?: string): Promise<ChecklistResult | undefined> => {
      const mine = (latest.current[item.key] = {
        result: result ?? latest.current[item.key]?.result ?? results[item.key]?.result ?? 'not-tested',
        note: note ?? latest.current[item.key]?.note ?? results[item.key]?.note ?? '',
      });
      setSaving((n) => n + 1);
      const run = (chains.current[item.key] ?? Promise.resolve())
        .catch(() => undefined)
        .then(async () => {
          try {
            const saved = await api['checklist.record']({ auditId: release.auditId, releaseId: release.id, itemKey: item.key, result: mine.result as ResultValue, note: mine.note ?? '' });
            setResults((r) => ({ ...r, [item.key]: saved }));
            useAudits.getState().workRecorded(release.auditId);
            // A refusal of this item's earlier save is fixed now: its message goes.
            useNotices.getState().clear(`checklist-${item.key}`);
            return saved;
          } catch (error) {
            push('error', `${item.key} not saved: ${plainError((error as Error).message, { note: 'Note', result: 'Result' })}`, `checklist-${item.key}`);
            return undefined;
          } finally {
            setSaving((n) => n - 1);
          }
        });
      chains.current[item.key] = run;
      return run;
    },
    [release.auditId, release.id, results, push, setResults],
  );

  const focusItem = (index: number) => window.requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus());

  async function raiseFinding(item: TemplateItem) {
    // R pressed right after F waits for that F to be saved, instead of saying the item has not failed.
    const saved = (await (chains.current[item.key] ?? Promise.resolve(undefined)).catch(() => undefined)) as ChecklistResult | undefined;
    const result = saved ?? results[item.key];
    if (result?.result !== 'fail') return setHint(`R does nothing here: ${item.key} has not failed, and only a failed item raises a finding.`);
    setHint(null);
    try {
      const finding = await api['findings.raiseFromResult']({ resultId: result.id });
      setResults((r) => ({ ...r, [item.key]: { ...result, findingId: finding.id } }));
      push('success', `Draft finding raised: ${finding.title}`);
    } catch (error) {
      push('error', plainError((error as Error).message));
    }
  }

  if (!items) return <p className="muted" role="status">Loading the checklist…</p>;
  if (items.length === 0) return <p className="muted">Pin a checklist template to the audit (Plan, Alt+2) before running it.</p>;

  const onKeyDown = (event: React.KeyboardEvent) => {
    // Keys act on the item only when the item itself has the focus (not a field or button inside it).
    if (noteFor || !(event.target instanceof HTMLElement) || !event.target.classList.contains('checklist-item')) return;
    const item = items[focus];
    if (!item) return;
    const key = event.key.toLowerCase();
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    setHint(null);
    if (readOnly && event.key.length === 1 && /[a-z]/i.test(event.key)) {
      event.preventDefault();
      return setHint('The audit is finalised: its checklist reads only (↑/↓ still move).');
    }
    const moveTo = (index: number) => {
      const next = Math.max(0, Math.min(items.length - 1, index));
      setFocus(next);
      list.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    };
    if (event.key === 'ArrowDown' || key === 'j') moveTo(focus + 1);
    else if (event.key === 'ArrowUp' || key === 'k') moveTo(focus - 1);
    else if (resultKeys[key]) {
      void record(item, resultKeys[key] as ResultValue);
      if (key !== 'f') moveTo(focus + 1);
    } else if (event.key === 'Enter') setNoteFor(item.key);
    else if (key === 'e') {
      if (results[item.key]) setEvidenceFor(item.key);
      else setHint(`E does nothing yet: set a result for ${item.key} first (P, F, N or T), then attach its evidence.`);
    } else if (event.key === 'Escape' && evidenceFor) setEvidenceFor(null);
    else if (key === 'r') void raiseFinding(item);
    else if (event.key.length === 1 && /[a-z]/i.test(event.key)) setHint(`${event.key.toUpperCase()} does nothing in the checklist. Keys: ↑/↓ move, P pass, F fail, N not applicable, T not tested, Enter note, E evidence, R raise finding.`);
    else return;
    event.preventDefault();
  };

  const done = (keys: string[]) => keys.filter((k) => results[k] && results[k]?.result !== 'not-tested').length;
  return (
    <section className="checklist" aria-label="Checklist">
      <p className="muted">
        {pinned} · <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>P</kbd> pass · <kbd>F</kbd> fail · <kbd>N</kbd> not applicable · <kbd>T</kbd> not tested · <kbd>Enter</kbd> note · <kbd>E</kbd> evidence ·{' '}
        <kbd>R</kbd> raise finding · <span role="status">{saving > 0 ? 'Saving…' : 'Every result is saved as you set it'}</span>
      </p>
      <p className={hint ? 'key-hint status-error' : 'key-hint'} role="status" data-testid="checklist-hint">
        {hint ?? ''}
      </p>
      <ol ref={list} className="checklist-items" onKeyDown={onKeyDown}>
        {stages.map((stage) => {
          const inStage = items.map((item, index) => ({ item, index })).filter(({ item }) => item.stage === stage.id);
          if (inStage.length === 0) return null;
          const keys = inStage.map(({ item }) => item.key);
          const failed = keys.filter((k) => results[k]?.result === 'fail').length;
          return (
            <li key={stage.id} className="checklist-stage">
              <div className="stage-progress">
                <strong>{stage.title}</strong>
                <progress max={keys.length} value={done(keys)} aria-label={`${stage.title} progress`} />
                <span>
                  {done(keys)}/{keys.length} checked{failed > 0 ? `, ${failed} failed` : ''}
                </span>
              </div>
              <ol>
                {inStage.map(({ item, index }) => {
                  const result = results[item.key];
                  return (
                    <li
                      key={item.key}
                      data-index={index}
                      tabIndex={index === focus ? 0 : -1}
                      className={`checklist-item result-${result?.result ?? 'none'}`}
                      aria-label={`${item.key} ${item.title}: ${result ? resultLabels[result.result] : 'no result'}`}
                      onFocus={() => setFocus(index)}
                    >
                      <div className="checklist-row">
                        <code>{item.key}</code>
                        <span className="grow">{item.title}</span>
                        {result && result.evidenceCount > 0 && <span className="badge">{result.evidenceCount} evidence</span>}
                        {result?.findingId && <span className="badge badge-breach">finding raised</span>}
                        {result && (
                          <span className="muted small-text">
                            {result.recordedBy}, <time dateTime={result.recordedAt}>{formatLocal(result.recordedAt)}</time>
                          </span>
                        )}
                        <span className={`badge result-badge-${result?.result ?? 'none'}`}>{result ? resultLabels[result.result] : 'not yet'}</span>
                      </div>
                      <CalibrationGuidance controlId={item.controlId} checkedAt={result?.recordedAt ?? null} />
                      {result?.note && noteFor !== item.key && <p className="checklist-note">{result.note}</p>}
                      {noteFor === item.key && (
                        <NoteEditor
                          initial={result?.note ?? ''}
                          onDone={(note) => {
                            setNoteFor(null);
                            if (note !== null) void record(item, undefined, note);
                            list.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
                          }}
                        />
                      )}
                      {evidenceFor === item.key && result && (
                        <ItemEvidence
                          auditId={release.auditId}
                          resultId={result.id}
                          onClose={() => {
                            setEvidenceFor(null);
                            focusItem(index);
                          }}
                          onLinked={() => setResults((r) => ({ ...r, [item.key]: { ...(r[item.key] ?? result), evidenceCount: (r[item.key]?.evidenceCount ?? 0) + 1 } }))}
                        />
                      )}
                    </li>
                  );
                })}
              </ol>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function NoteEditor({ initial, onDone }: { initial: string; onDone: (note: string | null) => void }) {
  const [note, setNote] = useState(initial);
  const finished = useRef(false);
  const finish = (value: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(value);
  };
  return (
    <textarea
      autoFocus
      aria-label="Note (Enter saves, Shift+Enter new line, Escape cancels)"
      className="checklist-note-input"
      value={note}
      onChange={(e) => setNote(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          finish(note);
        } else if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(note)}
    />
  );
}

function ItemEvidence({ auditId, resultId, onClose, onLinked }: { auditId: string; resultId: string; onClose: () => void; onLinked: () => void }) {
  const { items, add } = useTargetEvidence('checklist-result', resultId);
  return (
    <div
      className="item-evidence"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Esc closes the panel and gives the keyboard back to the item, not to the page.
        e.stopPropagation();
        onClose();
      }}
    >
      <EvidenceCapture auditId={auditId} link={{ targetType: 'checklist-result', targetId: resultId }} onAdded={(e) => { add(e); onLinked(); }} label="Evidence for this item" />
      <LinkExisting auditId={auditId} target={{ targetType: 'checklist-result', targetId: resultId }} linked={items} onLinked={(e) => { add(e); onLinked(); }} />
      <EvidenceList items={items} empty="No evidence linked to this item yet." />
      <button type="button" className="small" onClick={onClose}>
        Close evidence
      </button>
    </div>
  );
}
