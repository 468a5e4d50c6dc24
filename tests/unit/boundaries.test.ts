import { describe, expect, it } from 'vitest';
import { lintMessages } from '../helpers/lint';

// The import boundaries of ARCHITECTURE.md are lint errors: checked here against the real config
// (the layers inside electron/ are checked in layers.test.ts).

const restrictedImports = (filePath: string, code: string) => lintMessages('no-restricted-imports', filePath, code);

describe('import boundaries', () => {
  it("keeps 'electron' inside the shell files", async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restrictedImports('electron/db/leak.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/vault/leak.ts', code)).toHaveLength(1);
    expect(await restrictedImports('shared/leak.ts', code)).toHaveLength(1);
    expect(await restrictedImports('renderer/src/leak.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/main.ts', code)).toHaveLength(0);
    expect(await restrictedImports('electron/preload.ts', code)).toHaveLength(0);
  });

  it('keeps shared/ free of everything of ours but itself, and of Node', async () => {
    expect(await restrictedImports('shared/api/x.ts', "import { openCore } from '../../electron/services';\nexport const x = openCore;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { App } from '../renderer/src/app/App';\nexport const x = App;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/api/x.ts', "import { contract } from './contract';\nexport const x = contract;\n")).toHaveLength(0);
  });

  it('lets the renderer import only shared/', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { openCore } from '../../electron/services';\nexport const x = openCore;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { contract } from '../../shared/api/contract';\nexport const x = contract;\n")).toHaveLength(0);
  });
});
