import fs from 'node:fs';
import path from 'node:path';
import type { MethodParsedInput } from '../../../shared/api/contract';
import type { JobHandle } from '../../../shared/api/jobs';
import type { ExportedFile } from '../../../shared/api/oscal';
import { jobsOf } from '../../jobs/jobs';
import { requireAudit } from '../../rows';
import type { Core } from '../../services';
import { exportSlot } from '../../sync/transfer';
import { makeReportDocx } from './export';

// The editable DOCX in the background (docx.startExport), followed with jobs.progress, written whole to
// the outbox under a download id made here and fetched through the exportFile route, as OSCAL exports are.

export function startDocxExport(core: Core, input: MethodParsedInput<'docx.startExport'>): JobHandle<'docx.export'> {
  requireAudit(core, input.auditId);
  return jobsOf(core).start(
    'docx.export',
    async (progress) => {
      const made = await makeReportDocx(core, input, progress);
      progress('Saving the file', 0.95);
      const slot = exportSlot(core);
      const temp = path.join(slot.dir, `.${made.fileName}.partial`);
      fs.writeFileSync(temp, made.bytes, { mode: 0o600 });
      fs.renameSync(temp, path.join(slot.dir, made.fileName));
      const result: ExportedFile = { downloadId: slot.downloadId, fileName: made.fileName, bytes: made.bytes.length, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
      return result;
    },
    { cancellable: false, whyNot: 'The DOCX is laid out in one go; it finishes on its own in a moment.' },
  );
}
