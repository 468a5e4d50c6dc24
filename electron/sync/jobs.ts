import type { MethodParsedInput } from '../../shared/api/contract';
import type { JobHandle } from '../../shared/api/jobs';
import { getAudit } from '../audits/service';
import { jobsOf } from '../jobs/jobs';
import type { Core } from '../services';
import { exportBundle } from './export';
import { importBundle, inspectBundle } from './import';
import { findPeer } from './peers';
import { bundleFileName, exportSlot, uploadedBundle } from './transfer';

// Bundle export, check and import in the background (sync.startExport, startInspect, startImport),
// followed with jobs.progress and stopped with jobs.cancel: a cancelled one writes nothing.

export function startExport(core: Core, input: MethodParsedInput<'sync.startExport'>): JobHandle<'sync.export'> {
  const audit = getAudit(core, input.auditId);
  const slot = exportSlot(core);
  const peer = input.forPeer ? findPeer(core, input.forPeer) : null;
  const out = `${slot.dir}/${bundleFileName(audit.name, core.actor, peer?.actor ?? null)}`;
  return jobsOf(core).start(
    'sync.export',
    async (progress, signal) => {
      const result = await exportBundle(core, { auditId: input.auditId, out, forPeer: input.forPeer }, progress, signal);
      return { ...result, downloadId: slot.downloadId, fileName: out.slice(slot.dir.length + 1) };
    },
    { cancellable: true },
  );
}

export function startInspect(core: Core, input: MethodParsedInput<'sync.startInspect'>): JobHandle<'sync.inspect'> {
  const file = uploadedBundle(core, input.uploadId);
  return jobsOf(core).start('sync.inspect', (progress, signal) => inspectBundle(core, file, { signal }, progress), { cancellable: true });
}

export function startImport(core: Core, input: MethodParsedInput<'sync.startImport'>): JobHandle<'sync.import'> {
  const file = uploadedBundle(core, input.uploadId);
  const trust = input.trustFingerprint ? { trustFingerprint: input.trustFingerprint } : {};
  return jobsOf(core).start('sync.import', (progress, signal) => importBundle(core, file, { signal, ...trust }, progress), { cancellable: true });
}
