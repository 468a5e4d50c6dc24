import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';

// A file named by path (by a person at the terminal, or chosen in the desktop app's file chooser),
// checked before a byte of it is read. Evidence leaves the laptop in bundles, so a path must never
// reach the app's own data folder (database, signing keys, passphrases, other audits' files), a
// device, a pipe or a process file: every symlink is resolved first, and the file that is read is
// the very one that was checked.

export interface EvidenceSource {
  /** The open file; reading it streams the checked file whatever happens to its path meanwhile. */
  handle: fsp.FileHandle;
  /** The path after every symlink was resolved. */
  realPath: string;
  size: number;
}

const systemFiles = /^\/(proc|sys|dev)(\/|$)/;
// O_NOFOLLOW: the last step of the path cannot be swapped for a symlink after the check.
// O_NONBLOCK: a pipe swapped in is never waited on (it is refused by fstat below).
const openFlags = process.platform === 'win32' ? fs.constants.O_RDONLY : fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

export async function openEvidenceSource(dataDir: string, named: string): Promise<EvidenceSource> {
  if (!path.isAbsolute(named)) throw new AppError('VALIDATION', `The file path must be absolute: ${named} (the command line resolves a relative path from its own folder).`);
  if (systemFiles.test(named)) throw systemFileError(named);
  const realPath = await resolveReal(named);
  if (systemFiles.test(realPath)) throw systemFileError(named);
  const dataRoots = await dataFolderNames(dataDir);
  if (dataRoots.some((root) => isInside(root, realPath) || isInside(root, path.resolve(named)))) {
    throw new AppError('VALIDATION', `${named} is inside Release Audit's own data folder (${dataDir}): its database, keys and vault are never evidence.`);
  }
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(realPath, openFlags);
  } catch (error) {
    throw new AppError('VALIDATION', `${named} could not be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('VALIDATION', `${named} is not a regular file: a folder, pipe, socket or device is never evidence.`);
    const atPath = await fsp.lstat(realPath).catch(() => undefined);
    if (!atPath || atPath.ino !== stat.ino || atPath.dev !== stat.dev) throw new AppError('CONFLICT', `${named} changed while it was being checked; add it again.`);
    // The path check above cannot see every other name of a file: a hard link, a bind mount, another
    // spelling on a case-insensitive disk. The file's identity (device and inode) can.
    if (await sharesInodeWithDataFolder(dataDir, stat)) {
      throw new AppError('VALIDATION', `${named} is the same file as one in Release Audit's own data folder (a hard link or another name for it): its database, keys and vault are never evidence.`);
    }
    if (stat.size === 0) throw emptyFileError(path.basename(named));
    return { handle, realPath, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export function emptyFileError(name: string): AppError {
  return new AppError('VALIDATION', `${name} is empty: an empty file proves nothing, so it was not stored.`);
}

function systemFileError(named: string): AppError {
  return new AppError('VALIDATION', `${named} is a system device or process file, not evidence.`);
}

async function resolveReal(named: string): Promise<string> {
  try {
    return await fsp.realpath(named);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('NOT_FOUND', `There is no file at ${named}.`);
    throw new AppError('VALIDATION', `${named} could not be opened (${code ?? (error as Error).message}).`);
  }
}

/** The data folder as given and as it really is (it may itself sit behind a symlink). */
async function dataFolderNames(dataDir: string): Promise<string[]> {
  const given = path.resolve(dataDir);
  const real = await fsp.realpath(given).catch(() => given);
  return real === given ? [given] : [given, real];
}

function isInside(root: string, candidate: string): boolean {
  // Windows and macOS disks ignore case by default: compare as they do.
  const fold = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);
  const relative = path.relative(fold(root), fold(candidate));
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * A hard link made elsewhere to a file of the data folder is that file. The vault's objects are left
 * out: they are evidence already, stored by content, and adding the same bytes again only links them.
 */
async function sharesInodeWithDataFolder(dataDir: string, target: fs.Stats): Promise<boolean> {
  const skip = path.join(path.resolve(dataDir), 'vault', 'objects');
  const pending = [path.resolve(dataDir)];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== skip) pending.push(full);
      } else if (entry.isFile()) {
        const stat = await fsp.lstat(full).catch(() => undefined);
        if (stat && stat.ino === target.ino && stat.dev === target.dev) return true;
      }
    }
  }
  return false;
}
