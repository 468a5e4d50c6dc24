import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataFolder, resolveDataDir } from './paths';

describe('data folder', () => {
  it('prefers --data-dir, then RELEASE_AUDIT_DATA_DIR, then the desktop app folder', () => {
    expect(resolveDataDir('rel/dir', {})).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir(undefined, { RELEASE_AUDIT_DATA_DIR: '/srv/audit' })).toBe('/srv/audit');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/home/a/.config' })).toBe(
      process.platform === 'linux' ? '/home/a/.config/Release Audit/data' : path.join(appDataFolder({}), 'Release Audit', 'data'),
    );
  });

  it("matches Electron's appData folder on each platform", () => {
    expect(appDataFolder({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\a\\AppData\\Roaming');
    expect(appDataFolder({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support'));
    expect(appDataFolder({}, 'linux')).toBe(path.join(os.homedir(), '.config'));
  });
});
