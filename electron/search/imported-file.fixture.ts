import { addEvidenceFile } from '../evidence/service';
import { newId, utcNow } from '../ids';
import { transact, type Core } from '../services';

// For the search tests and the bench: an import row naming a file stored as evidence, as the
// imports domain writes one (its service is the lead's; only the row matters to the index).

export async function importedFile(core: Core, auditId: string, file: string, lines: number): Promise<{ importId: string; evidenceId: string }> {
  const evidence = await addEvidenceFile(core, { auditId, path: file, mediaType: 'text/plain', refersTo: null, sourceSystem: 'CI', captureMethod: 'import', note: '' });
  const importId = newId();
  transact(core, (records) =>
    records.insert('imports', {
      id: importId,
      auditId,
      releaseId: null,
      evidenceId: evidence.id,
      kind: 'jenkins',
      sha256: evidence.sha256,
      bytes: evidence.size,
      lines,
      detection: '',
      warnings: [],
      factCount: 0,
      importedBy: core.actor,
      importedAt: utcNow(),
    }),
  );
  return { importId, evidenceId: evidence.id };
}

