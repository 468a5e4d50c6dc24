import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../../audits/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../../templates/default-template';
import { ensureDefaultTemplate } from '../../templates/service';
import { createRelease } from '../../releases/service';
import { addAction, createRetrospective, saveAction } from '../../retrospectives/service';
import { createCalibrationSession, saveTrainingNeed, tagTrainingNeed } from '../../training/service';
import { openFinding } from '../../../tests/helpers/open-finding';
import { tempDir, testCore } from '../../../tests/helpers/temp';
import { generateReport } from '../service';

// The report's "Retrospective and open actions" and "Training needs" parts, read back from a real PDF.

const words = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
/** pdftotext drops the hyphen where a marker wraps at one: markers are compared without hyphens. */
const flat = (s: string) => s.replace(/-/g, '');

describe('the retrospective and training parts of the report', () => {
  it("print the cycle's retrospective, its actions, the earlier cycles' open actions, the training needs per role, and calibration guidance on checklist items", async () => {
    const core = testCore({ actor: 'Ada Auditor' });
    const q1 = createAudit(core, { name: 'Payments Q1', description: '' });
    const q2 = createAudit(core, { name: 'Payments Q2', description: '' });
    for (const a of [q1, q2]) createRelease(core, { auditId: a.id, identifier: `${a.name} R1`, system: 'Payments' });
    addAction(core, { auditId: q1.id, text: 'Rehearse the backout MARK-EARLIER', owner: 'Ana', dueOn: '2026-02-01' });
    const carried = addAction(core, { auditId: q1.id, text: 'Name a CAB deputy MARK-CARRIED' });
    saveAction(core, { id: carried.id, auditId: q2.id, status: 'in-progress' });
    const finding = await openFinding(core, { auditId: q2.id, title: 'Late approval MARK-FINDING' });
    const retro = createRetrospective(core, { auditId: q2.id, title: 'Q2 cycle MARK-RETRO', participants: [{ name: 'Ben Release', role: 'Release manager' }], wentWell: 'MARK-WELL', wentBadly: 'MARK-BADLY', findingIds: [finding.id] });
    addAction(core, { auditId: q2.id, retrospectiveId: retro.id, text: 'Dropped idea MARK-DROPPED', status: 'dropped', dropReason: 'MARK-REASON' });
    const need = tagTrainingNeed(core, { findingId: finding.id, role: 'change-manager', note: 'MARK-NEED' });
    saveTrainingNeed(core, { id: need.id, status: 'scheduled', plannedOn: '2026-07-01' });

    // Calibration: a reading agreed already guides its item in the checklist part; one agreed for a later day does not yet.
    ensureDefaultTemplate(core);
    pinTemplate(core, q2.id, DEFAULT_TEMPLATE_V1_ID);
    createCalibrationSession(core, { heldOn: '2026-01-10', interpretations: [{ controlId: 'RA-PRE-01', interpretation: 'MARK-GUIDANCE-NOW' }] });
    createCalibrationSession(core, { heldOn: '2199-01-01', interpretations: [{ controlId: 'RA-PRE-02', interpretation: 'MARK-GUIDANCE-LATER' }] });

    const { pdf } = await generateReport(core, { auditId: q2.id, kind: 'full', distribution: 'internal', sign: false });
    const file = path.join(tempDir(), 'report.pdf');
    fs.writeFileSync(file, pdf);
    const text = words(file);
    const retroPart = text.slice(text.lastIndexOf('Retrospective and open actions'));
    for (const marker of ['MARK-RETRO', 'Ben Release (Release manager)', 'MARK-WELL', 'MARK-BADLY', 'MARK-CARRIED', 'carried over from Payments Q1', 'MARK-DROPPED', 'MARK-REASON', 'MARK-EARLIER', '(overdue)']) {
      expect(flat(retroPart), marker).toContain(flat(marker));
    }
    expect(retroPart).toMatch(/Findings fed into it: F-\d+/);
    const trainingPart = text.slice(text.lastIndexOf('Training needs'));
    for (const marker of ['Change manager (1)', 'MARK-FINDING', 'MARK-NEED', 'scheduled', '1 Jul 2026']) expect(flat(trainingPart), marker).toContain(flat(marker));
    expect(flat(text)).toContain(flat('Guidance (calibration of 10 Jan 2026): MARK-GUIDANCE-NOW'));
    expect(flat(text)).not.toContain(flat('MARK-GUIDANCE-LATER'));
    if (process.env.LOOK_AT_PDF) fs.copyFileSync(file, process.env.LOOK_AT_PDF);
  });
});
