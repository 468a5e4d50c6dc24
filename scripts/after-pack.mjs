import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

// electron-builder's afterPack hook (electron-builder.yml): flips the packaged Electron binary's
// fuses before it is signed, then reads them back, so an installer never ships with them unset.
// Fuses are switches compiled into Electron that no code at run time can turn back on:
// - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the signed app into a plain Node interpreter;
// - NODE_OPTIONS and --inspect/--inspect-brk off: nothing can inject code or attach a debugger;
// - cookie encryption on: the session's cookies are encrypted at rest with the OS keychain's key;
// - embedded asar integrity on, and the app only from its asar: the code that runs is the code signed.

export const fuses = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);

/** The file holding the fuse wire, where electron-builder puts the packaged app for each platform. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    default:
      throw new Error(`Release Audit does not know where Electron sits in a ${electronPlatformName} build.`);
  }
}

export async function afterPack(context) {
  const binary = electronBinary(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Changing the binary breaks macOS's ad-hoc signature; electron-builder signs it properly afterwards.
  await flipFuses(binary, { ...fuses, resetAdHocDarwinSignature: isMac });
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(fuses)
    .filter(([key]) => key !== 'version')
    .filter(([key, on]) => wire[key] !== (on ? ENABLED : DISABLED))
    .map(([key]) => FuseV1Options[key]);
  if (wrong.length > 0) throw new Error(`The fuses ${wrong.join(', ')} did not take in ${binary}; the build stops here.`);
  console.log(`  • Electron fuses set in ${path.basename(binary)}: ${Object.keys(fuses).filter((k) => k !== 'version').map((k) => `${FuseV1Options[k]}=${fuses[k] ? 'on' : 'off'}`).join(', ')}`);
}
