import fs from 'node:fs';
import path from 'node:path';
import { dataLayout } from '../paths';
import { stageOpenFile, type StagedObject } from '../vault/file-copy';
import { emptyFileError, openEvidenceSource } from './source-file';

// A named file checked (source-file.ts), copied and hashed into the data folder's vault tmp/ before the
// database and the evidence code are loaded: the CLI's `evidence add` does this first, so that the copy's
// fsync runs on the OS's side while that code loads, and storing the file then only renames it into the
// vault (addEvidenceFile). Opportunistic: whatever goes wrong here (no data folder yet, a file that cannot
// be stored) is left to the usual path, which checks the file again and says what is wrong in its usual
// order; this leaves nothing behind.

export interface StagedEvidence extends StagedObject {
  /** The data folder it was checked against and staged in. */
  dataDir: string;
  /** The path as named (absolute) and as it really is, every symlink resolved. */
  named: string;
  realPath: string;
  /** Removes the copy unless it was taken into the vault. */
  discard: () => Promise<void>;
}

export async function stageEvidenceFile(dataDir: string, named: string): Promise<StagedEvidence | undefined> {
  const layout = dataLayout(path.resolve(dataDir));
  // Only in a data folder that already is one: opening the folder makes one, or refuses to.
  if (!path.isAbsolute(named) || !fs.existsSync(layout.databaseFile)) return undefined;
  let source: Awaited<ReturnType<typeof openEvidenceSource>>;
  let staged: StagedObject;
  try {
    source = await openEvidenceSource(layout.root, named);
  } catch {
    return undefined;
  }
  try {
    staged = await stageOpenFile(layout.vaultRoot, source.handle.fd, { ifEmpty: () => emptyFileError(path.basename(named)) });
  } catch {
    await source.handle.close();
    return undefined;
  }
  // The file stays open until its copy is made: the copy reads it by its descriptor.
  const ready = staged.ready.finally(() => source.handle.close());
  ready.catch(() => undefined);
  const discard = async () => {
    await ready.catch(() => undefined);
    await fs.promises.rm(staged.path, { force: true });
  };
  return { path: staged.path, ready, dataDir: layout.root, named, realPath: source.realPath, discard };
}
