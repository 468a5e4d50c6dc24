import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../../electron/paths';

// electron-builder cannot fetch Electron here, so its configuration is checked with its own loader
// and schema validator, and against the files the app needs at run time.

interface BuilderConfig {
  files: Array<{ filter: string[] }>;
  extraResources: Array<{ from: string; to: string }>;
  npmRebuild: boolean;
  asar: boolean;
  productName: string;
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as unknown as {
    getConfig: (dir: string, file: string, extra: null) => Promise<BuilderConfig>;
    validateConfiguration: (config: BuilderConfig, logger: unknown) => Promise<void>;
  };
  const { DebugLogger } = (await import('builder-util')) as unknown as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(sourceRoot, path.join(sourceRoot, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(loadConfig()).resolves.toBeTruthy();
  });

  it('ships the bundled app, the migrations and the resources, and installers for every desktop', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('Release Audit');
    const filters = config.files.flatMap((f) => f.filter);
    for (const needed of ['package.json', 'dist/**/*', 'migrations/**/*', 'resources/**/*']) expect(filters).toContain(needed);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    const pkg = JSON.parse(fs.readFileSync(path.join(sourceRoot, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it('ships the Electron build of better-sqlite3 where the shell loads it, and never rebuilds node_modules', async () => {
    const config = await loadConfig();
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: 'native/electron/better_sqlite3.node', to: 'native/better_sqlite3.node' });
    const { electronNativeBinding } = await import('../../electron/native-binding');
    const resourcesPath = path.join(sourceRoot, '.cache', 'no-such-resources');
    expect(() => electronNativeBinding({ isPackaged: true, resourcesPath, appRoot: sourceRoot })).toThrow(
      path.join(resourcesPath, 'native', 'better_sqlite3.node'),
    );
    expect(() => electronNativeBinding({ isPackaged: false, resourcesPath, appRoot: path.join(sourceRoot, '.cache', 'nowhere') })).toThrow(
      /npm run rebuild:electron/,
    );
  });
});
