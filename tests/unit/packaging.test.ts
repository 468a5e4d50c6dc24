import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceRoot } from '../../electron/paths';
import { tempDir } from '../helpers/temp';

// electron-builder cannot fetch Electron here, so its configuration is checked with its own loader
// and schema validator, and against the files the app needs at run time.

interface BuilderConfig {
  afterPack: string;
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

// Electron's fuse wire as it sits in a real binary: a sentinel, the wire's version, its length, then
// one byte per fuse ('0' off, '1' on). These are Electron's defaults for its nine fuses.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const defaultWire = '101100011';

type AfterPackContext = { appOutDir: string; electronPlatformName: string; arch: number; packager: { executableName: string; appInfo: { productFilename: string } } };
interface AfterPackModule {
  afterPack(context: AfterPackContext): Promise<void>;
  electronBinary(context: AfterPackContext): string;
}
const loadHook = async () => (await import(pathToFileURL(path.join(sourceRoot, 'scripts', 'after-pack.mjs')).href)) as AfterPackModule;

/** A packaged-app folder whose "Electron" is a copy of a real executable carrying the fuse wire. */
function fakePackagedApp(fileName: string): { context: AfterPackContext; binary: string } {
  const appOutDir = tempDir();
  const binary = path.join(appOutDir, fileName);
  fs.writeFileSync(binary, Buffer.concat([fs.readFileSync('/bin/true'), Buffer.from(SENTINEL), Buffer.from([1, defaultWire.length]), Buffer.from(defaultWire)]));
  fs.chmodSync(binary, 0o755);
  const context = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { executableName: 'release-audit', appInfo: { productFilename: 'Release Audit' } } };
  return { context, binary };
}

describe('Electron fuses (afterPack)', () => {
  it('is the hook electron-builder runs after packing, resolved by its own loader', async () => {
    const config = await loadConfig();
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    const { resolveFunction } = (await import('app-builder-lib/out/util/resolve.js')) as unknown as {
      resolveFunction: (type: unknown, executor: string, name: string, root: string) => Promise<unknown>;
    };
    const hook = (await resolveFunction(undefined, config.afterPack, 'afterPack', sourceRoot)) as AfterPackModule['afterPack'];
    expect(hook.name).toBe('afterPack');
    const { context, binary } = fakePackagedApp('release-audit');
    await hook(context);
    expect(fs.readFileSync(binary).toString('latin1').endsWith(`${SENTINEL}\x01\x09010011011`)).toBe(true);
  });

  it('flips the fuses in a packaged binary and leaves every other byte, so it still runs', async () => {
    const { afterPack } = await loadHook();
    const { context, binary } = fakePackagedApp('release-audit');
    const before = fs.readFileSync(binary);
    await afterPack(context);
    const after = fs.readFileSync(binary);
    const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses');
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    const state = (option: number) => String.fromCharCode(wire[option] as number);
    expect(state(FuseV1Options.RunAsNode)).toBe('0');
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    // The fuses it does not name keep Electron's defaults.
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('1');
    expect(after.length).toBe(before.length);
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]).length;
    expect(changed).toBe(6);
    expect(() => execFileSync(binary)).not.toThrow();
  });

  it('finds the binary where electron-builder puts it on Windows and macOS', async () => {
    const { electronBinary } = await loadHook();
    const { context } = fakePackagedApp('unused');
    expect(electronBinary({ ...context, electronPlatformName: 'win32' })).toBe(path.join(context.appOutDir, 'Release Audit.exe'));
    expect(electronBinary({ ...context, electronPlatformName: 'darwin' })).toBe(path.join(context.appOutDir, 'Release Audit.app'));
    expect(() => electronBinary({ ...context, electronPlatformName: 'beos' })).toThrow(/does not know where Electron sits/);
  });

  it('stops the build when the binary holds no fuse wire', async () => {
    const { afterPack } = await loadHook();
    const { context, binary } = fakePackagedApp('release-audit');
    fs.copyFileSync('/bin/true', binary);
    await expect(afterPack(context)).rejects.toThrow(/Could not find sentinel/);
  });
});
