import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Fact, ImportKind } from '../../shared/api/imports';
import { addEvidenceFromStream } from '../evidence/service';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';

// For the rule tests: facts stored as an import stores them (through the ledger, beside the
// evidence holding the file), from a real file read by importFile or from facts a test writes.

export async function storeFacts(
  core: Core,
  input: { auditId: string; releaseId: string | null; fileName: string; content: string | Buffer; kind: ImportKind; facts: Fact[] },
): Promise<{ importId: string; evidenceId: string; factIds: string[] }> {
  const bytes = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, 'utf8');
  const evidence = await addEvidenceFromStream(core, Readable.from([bytes]), {
    auditId: input.auditId,
    originalName: input.fileName,
    mediaType: 'text/plain',
    refersTo: null,
    sourceSystem: input.kind,
    captureMethod: 'import',
    note: '',
    links: [],
    custodyDetail: `Imported as ${input.kind}.`,
  });
  const importId = newId();
  const factIds = input.facts.map(() => newId());
  transact(core, (records) => {
    records.insert('imports', {
      id: importId, auditId: input.auditId, releaseId: input.releaseId, evidenceId: evidence.id, kind: input.kind, sha256: evidence.sha256,
      bytes: bytes.length, lines: bytes.toString('utf8').split('\n').length, detection: 'test', warnings: [], factCount: input.facts.length, importedBy: core.actor, importedAt: utcNow(),
    });
    input.facts.forEach((fact, seq) => {
      records.insert('import_facts', {
        id: factIds[seq] as string, importId, auditId: input.auditId, releaseId: input.releaseId, kind: fact.kind, seq, lineFrom: fact.lines[0], lineTo: fact.lines[1], data: fact as unknown as Record<string, unknown>,
      });
    });
  });
  return { importId, evidenceId: evidence.id, factIds };
}

/** A real file read by the importer and stored with its facts. */
export async function importReal(core: Core, auditId: string, releaseId: string | null, file: string) {
  const { importFile } = await import('../imports/import-file');
  const result = await importFile(file);
  return { result, ...(await storeFacts(core, { auditId, releaseId, fileName: path.basename(file), content: fs.readFileSync(file), kind: result.kind, facts: result.facts })) };
}
