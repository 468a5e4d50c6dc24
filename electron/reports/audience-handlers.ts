import type { Core } from '../services';
import type { Handlers } from '../api/handlers';
import { addDistributionEntry, approvalState, approveExternalEdition } from './audience';
import { auditRetentionOf, chooseRetention, listRetentionPolicies, removeReport, saveRetentionPolicy } from './retention';
import { getAudit } from '../audits/service';

// The handlers of the approval, distribution and retention methods (shared/api/report-audience.ts).

type AudienceMethod = 'reports.approve' | 'reports.approvals' | 'reports.distribute' | 'reports.remove' | 'reports.retentionPolicies' | 'reports.saveRetentionPolicy' | 'reports.retention' | 'reports.chooseRetention';

export function audienceHandlers(core: Core): Pick<Handlers, AudienceMethod> {
  return {
    'reports.approve': (input) => approveExternalEdition(core, input),
    'reports.approvals': (input) => approvalState(core, getAudit(core, input.auditId).id),
    'reports.distribute': (input) => addDistributionEntry(core, input),
    'reports.remove': (input) => removeReport(core, input),
    'reports.retentionPolicies': () => listRetentionPolicies(core),
    'reports.saveRetentionPolicy': (input) => saveRetentionPolicy(core, input),
    'reports.retention': (input) => auditRetentionOf(core, getAudit(core, input.auditId).id),
    'reports.chooseRetention': (input) => chooseRetention(core, input),
  };
}
