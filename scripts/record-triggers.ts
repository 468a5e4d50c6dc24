import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { missingTriggerSql } from '../electron/registry/triggers';

// Run by `npm run db:generate` after drizzle-kit: the freeze and append-only triggers the record
// descriptors call for that no migration writes yet go into one new custom migration (drizzle-kit
// numbers it and records it in its journal), so a new kind is protected from its first migration.

const folder = path.join(import.meta.dirname, '..', 'migrations');
const written = () => fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).sort();
const statements = missingTriggerSql(written().map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n'));
if (statements.length === 0) {
  console.log('The record descriptors call for no trigger the migrations lack.');
} else {
  const before = new Set(written());
  execFileSync('npx', ['drizzle-kit', 'generate', '--custom', '--name=record_protections'], { stdio: 'inherit' });
  const created = written().filter((f) => !before.has(f));
  if (created.length !== 1) throw new Error(`drizzle-kit made ${created.length} migration files; expected one.`);
  const file = path.join(folder, created[0] as string);
  const header = '-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).\n';
  fs.writeFileSync(file, header + statements.join('\n--> statement-breakpoint\n') + '\n');
  console.log(`Wrote ${statements.length} trigger(s) to migrations/${created[0]}.`);
}
