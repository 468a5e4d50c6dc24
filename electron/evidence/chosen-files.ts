import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { ChosenFiles } from '../../shared/api/evidence';
import type { Core } from '../services';
import { openEvidenceSource } from './source-file';

// Files chosen in the desktop app's own file chooser, opened by the main process. The page never
// names a path: it gets an opaque, single-use token for each file the person chose, and hands the
// token back to store that file. A page that was tricked into calling the API can therefore only
// store what the person picked in the system's dialog, never the signing key or /proc.

/** Opens the system's file chooser and answers the paths chosen (none when cancelled). */
export type FileChooser = () => Promise<string[]>;

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const MAX_OUTSTANDING = 200;

interface Choice {
  path: string;
  expires: number;
}

export class ChosenFileRegistry {
  private readonly choices = new Map<string, Choice>();
  chooser: FileChooser | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Checks each path as evidence (see source-file.ts) and gives a token for each one that may be stored. */
  async offer(dataDir: string, paths: string[]): Promise<ChosenFiles> {
    this.sweep();
    const result: ChosenFiles = { files: [], refused: [] };
    for (const chosen of paths) {
      try {
        const source = await openEvidenceSource(dataDir, chosen);
        await source.handle.close();
        if (this.choices.size >= MAX_OUTSTANDING) throw new AppError('CONFLICT', 'Too many chosen files are waiting to be stored; store or choose them again.');
        const token = randomBytes(24).toString('base64url');
        this.choices.set(token, { path: chosen, expires: this.now() + TOKEN_LIFETIME_MS });
        result.files.push({ token, name: path.basename(chosen), size: source.size });
      } catch (error) {
        result.refused.push({ name: path.basename(chosen), reason: error instanceof AppError ? error.message : String(error) });
      }
    }
    return result;
  }

  /** The path behind a token, once: a token is spent when it is used, and lapses after 15 minutes. */
  take(token: string): string {
    this.sweep();
    const choice = this.choices.get(token);
    this.choices.delete(token);
    if (!choice) throw new AppError('NOT_FOUND', 'That file choice is no longer valid (each is used once, within 15 minutes): choose the file again.');
    return choice.path;
  }

  private sweep(): void {
    const now = this.now();
    for (const [token, choice] of this.choices) if (choice.expires <= now) this.choices.delete(token);
  }
}

const registries = new WeakMap<Core, ChosenFileRegistry>();

/** The one registry of a data core: the desktop shell sets its chooser, the API handlers use it. */
export function chosenFiles(core: Core): ChosenFileRegistry {
  let registry = registries.get(core);
  if (!registry) registries.set(core, (registry = new ChosenFileRegistry()));
  return registry;
}

export async function chooseEvidenceFiles(core: Core): Promise<ChosenFiles> {
  const registry = chosenFiles(core);
  if (!registry.chooser) throw new AppError('VALIDATION', "Only the desktop app opens the system's file chooser; in a browser, use Choose files… on the page.");
  return registry.offer(core.layout.root, await registry.chooser());
}
