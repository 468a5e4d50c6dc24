import path from 'node:path';
import { argsExactly, callOneMethod, printJson, required, type OneMethod } from './command-args';
import type { StagedEvidence } from '../evidence/staged-file';
import type { CommandSpec } from './spec';

// Evidence from the command line. `evidence add` is built on command-args.ts alone and runs one known
// method (OneMethod), so that it bundles into the small build the bin loads for it (evidence-add-main.ts):
// a start that reads and compiles well under a megabyte instead of the whole command line.

export const evidenceAddCommand: CommandSpec = {
  name: 'evidence add',
  synopsis: '--audit ID FILE [--refers-to YYYY-MM-DD] [--source-system NAME] [--note TEXT] [--json]',
  summary: 'Store FILE in the evidence vault; prints its SHA-256',
  options: { audit: { type: 'string' }, 'refers-to': { type: 'string' }, 'source-system': { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
  // The file is checked, copied and hashed into the vault's tmp/ first, while the rest of the code has
  // not loaded yet: its fsync then runs while the database opens (electron/evidence/staged-file.ts).
  async prepare({ args, dataDir }) {
    if (args.length !== 1) return undefined;
    const { stageEvidenceFile } = await import('../evidence/staged-file');
    const staged = await stageEvidenceFile(dataDir, path.resolve(args[0] as string));
    return staged && { staged, release: staged.discard };
  },
  async run({ open, values, args, io, prepared }) {
    const [file] = argsExactly(args, 'FILE to add');
    const input = {
      auditId: required(values, 'audit'),
      path: path.resolve(file as string),
      captureMethod: 'cli',
      ...(typeof values['refers-to'] === 'string' ? { refersTo: values['refers-to'] } : {}),
      ...(typeof values['source-system'] === 'string' ? { sourceSystem: values['source-system'] } : {}),
      ...(typeof values.note === 'string' ? { note: values.note } : {}),
    };
    const fields = { auditId: '--audit', refersTo: '--refers-to', sourceSystem: '--source-system', note: '--note' };
    const { staged } = (prepared ?? {}) as { staged?: StagedEvidence };
    const evidence = (await callOneMethod(() => open({ mustExist: true }), 'evidence.addFile', input, fields, () => addFileOnly(staged))) as { sha256: string; id: string; size: number; alreadyInVault: boolean };
    if (values.json) printJson(io, evidence);
    else {
      io.out(evidence.sha256);
      io.err(`Stored ${evidence.size} bytes as evidence ${evidence.id}${evidence.alreadyInVault ? ' (identical content was already in the vault)' : ''}.`);
    }
    return 0;
  },
};

export const evidenceCommands: CommandSpec[] = [evidenceAddCommand];

/** `evidence add` loads the evidence code alone (see OneMethod); a file staged by `prepare` is taken into the vault as it is. */
async function addFileOnly(staged: StagedEvidence | undefined): Promise<OneMethod> {
  const [{ evidenceContract }, { addEvidenceFile }] = await Promise.all([import('../../shared/api/evidence'), import('../evidence/service')]);
  type Input = Parameters<typeof addEvidenceFile>[1];
  return { definition: evidenceContract['evidence.addFile'], handler: (core) => (input) => addEvidenceFile(core, input as Input, staged ? { staged } : {}) };
}
