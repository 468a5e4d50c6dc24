import { create } from 'zustand';
import type { ParityComparison } from '../../../../shared/api/config';
import type { ReleaseViewId } from '../../stores/session';
import { api } from '../../api/client';
import { uploadImport } from '../../api/import-upload';
import { plainError } from '../../components/plainError';
import { useImportQueue } from '../imports/importQueue';
import { describePair, guessConfig, pairConfigs, type ConfigCandidate } from './configDrop';

// Files dropped on a release: the two environments' configuration files among them are uploaded and
// compared at once (the result waits for the Parity & drift tab, with a notice on the release), and
// every other file goes to the release's import queue as before. A YAML or JSON file whose name does
// not say is previewed first: configuration is what the import detection refuses.

export interface DropNotice {
  tone: 'working' | 'done' | 'problem';
  message: string;
  /** Whether the notice points at the Parity & drift tab (a comparison was made). */
  compared: boolean;
}

interface DroppedConfigState {
  notices: Record<string, DropNotice>;
  results: Record<string, ParityComparison>;
  dismiss: (releaseId: string) => void;
}

export const useDroppedConfig = create<DroppedConfigState>((set) => ({
  notices: {},
  results: {},
  dismiss: (releaseId) => set((s) => ({ notices: Object.fromEntries(Object.entries(s.notices).filter(([id]) => id !== releaseId)) })),
}));

let runs = 0;
const latest = new Map<string, number>();

function notify(releaseId: string, run: number, notice: DropNotice) {
  if (latest.get(releaseId) !== run) return;
  useDroppedConfig.setState((s) => ({ notices: { ...s.notices, [releaseId]: notice } }));
}

/** A file sent to the import inbox for a comparison: its upload id. */
export async function uploadedForCompare(file: File): Promise<string> {
  return (await uploadImport(file, file.name, () => undefined).done).uploadId;
}

type Upload = { file: File; uploadId: string | null };

export function dropOnRelease(files: readonly File[], target: { auditId: string; releaseId: string }, setView: (view: ReleaseViewId) => void) {
  const certain: ConfigCandidate<Upload>[] = [];
  const maybe: Array<{ file: File; format: ConfigCandidate<Upload>['format'] }> = [];
  const others: File[] = [];
  for (const file of files) {
    const guess = guessConfig(file.name);
    if (guess?.certain) certain.push({ name: file.name, format: guess.format, item: { file, uploadId: null } });
    else if (guess) maybe.push({ file, format: guess.format });
    else others.push(file);
  }
  const queue = (list: File[]) => {
    if (list.length === 0) return;
    useImportQueue.getState().add(list, target);
    setView('imports');
  };
  queue(others);
  if (certain.length === 0 && maybe.length === 0) return;
  const run = (runs += 1);
  latest.set(target.releaseId, run);
  void routeConfigs(files, certain, maybe, target, run, queue, others.length > 0, setView);
}

async function routeConfigs(
  files: readonly File[],
  certain: ConfigCandidate<Upload>[],
  maybe: Array<{ file: File; format: ConfigCandidate<Upload>['format'] }>,
  target: { auditId: string; releaseId: string },
  run: number,
  queue: (list: File[]) => void,
  queuedOthers: boolean,
  setView: (view: ReleaseViewId) => void,
) {
  const { releaseId } = target;
  try {
    const candidates = [...certain];
    if (maybe.length > 0) {
      notify(releaseId, run, { tone: 'working', message: `Checking whether ${maybe.map((m) => m.file.name).join(', ')} ${maybe.length === 1 ? 'is' : 'are'} configuration or a file to import…`, compared: false });
      const importable: File[] = [];
      for (const { file, format } of maybe) {
        // A file that cannot even be previewed goes to the queue, which says why.
        const uploadId = await uploadedForCompare(file).catch(() => null);
        const preview = uploadId ? await api['imports.preview']({ uploadId }).catch(() => null) : null;
        if (uploadId && preview && preview.detection === null) candidates.push({ name: file.name, format, item: { file, uploadId } });
        else importable.push(file);
      }
      queue(importable);
      queuedOthers ||= importable.length > 0;
    }
    if (candidates.length === 0) {
      if (latest.get(releaseId) === run) useDroppedConfig.getState().dismiss(releaseId);
      return;
    }
    // In the order they were dropped, so "A is the first" means the first dropped.
    candidates.sort((x, y) => files.indexOf(x.item.file) - files.indexOf(y.item.file));
    const pair = pairConfigs(candidates);
    if (!pair.paired) {
      // YAML or JSON that pairs with nothing may be a broken file to import: the queue says why it is refused.
      queue(candidates.filter((c) => c.item.uploadId !== null).map((c) => c.item.file));
      notify(releaseId, run, { tone: 'problem', message: pair.message, compared: false });
      return;
    }
    const sides = describePair(pair);
    notify(releaseId, run, { tone: 'working', message: `Comparing ${sides}…`, compared: false });
    const a = pair.a.item.uploadId ?? (await uploadedForCompare(pair.a.item.file));
    const b = pair.b.item.uploadId ?? (await uploadedForCompare(pair.b.item.file));
    const result = await api['config.compare']({ ...target, a, b });
    if (latest.get(releaseId) !== run) return;
    useDroppedConfig.setState((s) => ({ results: { ...s.results, [releaseId]: result } }));
    const notIgnored = result.differences.filter((d) => !d.ignored).length;
    const again = result.alreadyImported ? ' (these files were compared already)' : '';
    notify(releaseId, run, {
      tone: 'done',
      message: `Compared ${sides}: ${result.differences.length} difference(s), ${notIgnored} not ignored, ${result.drafted} finding(s) drafted${again}. They are on the Parity & drift tab.`,
      compared: true,
    });
    if (!queuedOthers) setView('config');
  } catch (failure) {
    notify(releaseId, run, { tone: 'problem', message: `The configuration files could not be compared: ${plainError((failure as Error).message)}`, compared: false });
  }
}
