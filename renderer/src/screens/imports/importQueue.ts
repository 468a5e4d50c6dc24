import { create } from 'zustand';
import type { ImportKind } from '../../../../shared/api/imports';
import type { ImportOutcome, ImportPreview } from '../../../../shared/api/import-methods';
import { api } from '../../api/client';
import { cancelJob, followJob } from '../../api/follow-job';
import { uploadImport } from '../../api/import-upload';

// Files on their way into a release: uploaded one after another (with progress), previewed (the kind
// detected from their content, or why they cannot be read), then imported on confirmation, one job
// after another. It lives outside the screen so a file dropped on any tab of the release is kept.

export type QueueStep =
  | { step: 'waiting' }
  | { step: 'uploading'; fraction: number }
  | { step: 'previewing' }
  | { step: 'ready'; preview: ImportPreview; kind: ImportKind; note: string | null }
  | { step: 'refused'; message: string }
  | { step: 'importing'; preview: ImportPreview; kind: ImportKind; phase: string; fraction: number }
  | { step: 'imported'; outcome: ImportOutcome };

export interface QueueItem {
  id: string;
  file: File;
  auditId: string;
  releaseId: string;
  state: QueueStep;
}

interface QueueState {
  items: QueueItem[];
  /** Whether Confirm is importing the files of a release one after another. */
  running: boolean;
  /** Bumped after each import, so the imports and facts of the release load again. */
  version: number;
  add: (files: readonly File[], target: { auditId: string; releaseId: string }) => void;
  setKind: (id: string, kind: ImportKind) => void;
  remove: (id: string) => void;
  clearFinished: (releaseId: string) => void;
  confirm: (releaseId: string) => Promise<void>;
  cancel: () => void;
}

let nextId = 0;
let uploads: Promise<void> = Promise.resolve();
const cancelUpload = new Map<string, () => void>();
let runningJob: string | null = null;
let stopRequested = false;

export const useImportQueue = create<QueueState>((set, get) => {
  const update = (id: string, state: QueueStep) => set((s) => ({ items: s.items.map((item) => (item.id === id ? { ...item, state } : item)) }));
  const present = (id: string) => get().items.some((item) => item.id === id);

  async function bringIn(item: QueueItem) {
    if (!present(item.id)) return;
    const upload = uploadImport(item.file, item.file.name, (fraction) => {
      if (present(item.id)) update(item.id, { step: 'uploading', fraction });
    });
    cancelUpload.set(item.id, upload.cancel);
    update(item.id, { step: 'uploading', fraction: 0 });
    try {
      const { uploadId } = await upload.done;
      if (!present(item.id)) return;
      update(item.id, { step: 'previewing' });
      const preview = await api['imports.preview']({ uploadId });
      if (!present(item.id)) return;
      if (preview.detection === null) update(item.id, { step: 'refused', message: preview.refusal ?? 'This file cannot be imported.' });
      else update(item.id, { step: 'ready', preview, kind: preview.detection.kind, note: null });
    } catch (error) {
      if (present(item.id)) update(item.id, { step: 'refused', message: (error as Error).message });
    } finally {
      cancelUpload.delete(item.id);
    }
  }

  return {
    items: [],
    running: false,
    version: 0,
    add: (files, target) => {
      const added = files.map((file) => ({ id: `q${(nextId += 1)}`, file, ...target, state: { step: 'waiting' } as QueueStep }));
      set((s) => ({ items: [...s.items, ...added] }));
      for (const item of added) uploads = uploads.then(() => bringIn(item));
    },
    setKind: (id, kind) => set((s) => ({ items: s.items.map((item) => (item.id === id && item.state.step === 'ready' ? { ...item, state: { ...item.state, kind } } : item)) })),
    remove: (id) => {
      cancelUpload.get(id)?.();
      set((s) => ({ items: s.items.filter((item) => item.id !== id || item.state.step === 'importing') }));
    },
    clearFinished: (releaseId) => set((s) => ({ items: s.items.filter((item) => item.releaseId !== releaseId || (item.state.step !== 'imported' && item.state.step !== 'refused')) })),
    confirm: async (releaseId) => {
      if (get().running) return;
      stopRequested = false;
      set({ running: true });
      // A file that fails stays ready (with why) for another try, but not in this same run.
      const tried = new Set<string>();
      try {
        for (;;) {
          const item = get().items.find((i) => i.releaseId === releaseId && i.state.step === 'ready' && !tried.has(i.id));
          if (!item || stopRequested || item.state.step !== 'ready') break;
          const { preview, kind } = item.state;
          tried.add(item.id);
          update(item.id, { step: 'importing', preview, kind, phase: 'Starting', fraction: 0 });
          try {
            const overridden = kind !== preview.detection?.kind;
            const handle = await api['imports.start']({ uploadId: preview.uploadId, auditId: item.auditId, releaseId, ...(overridden ? { kind } : {}) });
            runningJob = handle.jobId;
            if (stopRequested) void cancelJob(handle.jobId);
            const outcome = await followJob(handle, (step) => update(item.id, { step: 'importing', preview, kind, phase: step.phase, fraction: step.fraction }), `${preview.name} could not be imported.`);
            update(item.id, { step: 'imported', outcome });
            set((s) => ({ version: s.version + 1 }));
          } catch (error) {
            update(item.id, { step: 'ready', preview, kind, note: (error as Error).message });
          } finally {
            runningJob = null;
          }
        }
      } finally {
        set({ running: false });
      }
    },
    cancel: () => {
      stopRequested = true;
      if (runningJob) void cancelJob(runningJob);
    },
  };
});
