import { addEvidenceText, linkEvidence } from '../../electron/evidence/service';
import { createFinding, transitionFinding, updateFinding } from '../../electron/findings/service';
import type { Core } from '../../electron/services';

/** A finding raised (out of draft): its five texts written and a piece of evidence linked, as opening requires. */
export async function openFinding(core: Core, input: { auditId: string; title: string; severity?: 'critical' | 'major' | 'minor' | 'informational'; controlId?: string }) {
  const finding = createFinding(core, input);
  updateFinding(core, { id: finding.id, criteria: 'The control as written', condition: 'What was seen', cause: 'Why', effect: 'So what', recommendation: 'What to do' });
  const evidence = await addEvidenceText(core, { auditId: input.auditId, kind: 'note', text: `Seen: ${input.title}`, name: 'seen.txt' } as never);
  linkEvidence(core, evidence.id, { targetType: 'finding', targetId: finding.id });
  return transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' });
}
