import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { incompleteWork } from './lifecycle';
import { amendAudit, createAudit, finaliseAudit, getAudit, listAmendments, listAudits, moveAuditStatus, pinTemplate } from './service';

export function auditHandlers(core: Core): HandlersFor<MethodsOf<'audits'>> {
  return {
    'audits.create': (input) => createAudit(core, input),
    'audits.list': () => listAudits(core),
    'audits.get': (input) => getAudit(core, input.id),
    'audits.pinTemplate': (input) => pinTemplate(core, input.auditId, input.templateVersionId),
    'audits.finalise': (input) => finaliseAudit(core, input.id),
    'audits.amend': (input) => amendAudit(core, input),
    'audits.amendments': (input) => listAmendments(core, input.auditId),
    'audits.incomplete': (input) => incompleteWork(core, input.id),
    'audits.moveStatus': (input) => moveAuditStatus(core, input.id, input.to),
  };
}
