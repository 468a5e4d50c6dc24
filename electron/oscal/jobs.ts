import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MethodParsedInput } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import type { JobHandle } from '../../shared/api/jobs';
import type { ExportedFile } from '../../shared/api/oscal';
import { jobsOf } from '../jobs/jobs';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { exportSlot } from '../sync/transfer';
import { gatherOscalData, oscalDocument, oscalFileName, serialiseOscal } from './export';

// An OSCAL export in the background (oscal.startExport), followed with jobs.progress, written to the
// outbox under a download id made here, and fetched through the exportFile route: no path from the page.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function startOscalExport(core: Core, input: MethodParsedInput<'oscal.startExport'>): JobHandle<'oscal.export'> {
  requireAudit(core, input.auditId);
  return jobsOf(core).start(
    'oscal.export',
    async (progress, signal) => {
      const stopped = async () => {
        // Lets jobs.progress answer between phases, and a cancel land before anything is written.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal.aborted) throw new AppError('CONFLICT', 'The export was cancelled before any file was written.');
      };
      await stopped();
      progress('Reading the audit', 0.1);
      const data = gatherOscalData(core, input.auditId);
      await stopped();
      progress('Writing the OSCAL document', 0.6);
      const text = serialiseOscal(oscalDocument(data, input.model), input.format);
      const slot = exportSlot(core);
      const fileName = oscalFileName(data.audit.name, input.model, input.format);
      const temp = path.join(slot.dir, `.${fileName}.partial`);
      fs.writeFileSync(temp, text, { mode: 0o600 });
      fs.renameSync(temp, path.join(slot.dir, fileName));
      const result: ExportedFile = { downloadId: slot.downloadId, fileName, bytes: Buffer.byteLength(text), mediaType: input.format === 'yaml' ? 'application/yaml' : 'application/json' };
      return result;
    },
    { cancellable: true },
  );
}

/** An exported file, for download: only a download id made by an export finds one. */
export function exportedFile(core: Core, downloadId: string): { stream: Readable; size: number; name: string } {
  const dir = UUID.test(downloadId) ? path.join(core.layout.root, 'sync', 'outbox', downloadId) : '';
  const name = dir && fs.existsSync(dir) ? fs.readdirSync(dir).find((n) => !n.startsWith('.') && /\.(json|yaml|xlsx|csv|docx)$/.test(n)) : undefined;
  if (!name) throw new AppError('NOT_FOUND', 'That export is no longer here (exports are kept for a day): export it again.');
  const file = path.join(dir, name);
  return { stream: fs.createReadStream(file), size: fs.statSync(file).size, name };
}
