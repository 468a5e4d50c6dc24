import fs from 'node:fs';
import path from 'node:path';
import type { MethodParsedInput } from '../../shared/api/contract';
import { AppError } from '../../shared/api/errors';
import type { JobHandle } from '../../shared/api/jobs';
import type { ExportedFile } from '../../shared/api/oscal';
import { jobsOf } from '../jobs/jobs';
import { requireAudit } from '../rows';
import type { Core } from '../services';
import { exportSlot } from '../sync/transfer';
import { exportSpreadsheet, type ExportHooks } from './export';

// A spreadsheet export in the background (spreadsheets.startExport), followed with jobs.progress,
// written whole to the outbox under a download id and fetched through the exportFile route.

export function startSpreadsheetExport(core: Core, input: MethodParsedInput<'spreadsheets.startExport'>, hooks: Pick<ExportHooks, 'providers'> = {}): JobHandle<'spreadsheets.export'> {
  requireAudit(core, input.auditId);
  return jobsOf(core).start(
    'spreadsheets.export',
    async (progress, signal) => {
      const step = async (phase: string, fraction: number) => {
        progress(phase, fraction);
        // Lets jobs.progress answer between steps, and a cancel land before anything is written.
        await new Promise((resolve) => setImmediate(resolve));
        if (signal.aborted) throw new AppError('CONFLICT', 'The export was cancelled before any file was written.');
      };
      await step('Starting', 0);
      const file = await exportSpreadsheet(core, input, { ...hooks, progress: step });
      const slot = exportSlot(core);
      const temp = path.join(slot.dir, `.${file.fileName}.partial`);
      fs.writeFileSync(temp, file.bytes, { mode: 0o600 });
      fs.renameSync(temp, path.join(slot.dir, file.fileName));
      const result: ExportedFile = { downloadId: slot.downloadId, fileName: file.fileName, bytes: file.bytes.length, mediaType: file.mediaType };
      return result;
    },
    { cancellable: true },
  );
}
