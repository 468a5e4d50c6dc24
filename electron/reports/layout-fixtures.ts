import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { amendAudit, createAudit, finaliseAudit } from '../audits/service';
import { addEvidenceFile, addEvidenceText, linkEvidence } from '../evidence/service';
import { createFinding, transitionFinding } from '../findings/service';
import { savePlan } from '../plans/service';
import { createRelease } from '../releases/service';
import type { Core } from '../services';
import { severities } from '../../shared/enums';

// Audits to lay reports out from in tests: a small one (two findings, as a quarter often has) and a
// large finalised one (many findings with long texts, screenshots, amendments), built through the services.

export async function smallAudit(core: Core) {
  const audit = createAudit(core, { name: 'Q4 payments releases', description: '' });
  savePlan(core, { auditId: audit.id, objective: 'Check that every payments release in Q4 went through change management.', scheduleStart: '2026-10-01', scheduleEnd: '2026-12-15' });
  createRelease(core, { auditId: audit.id, identifier: 'payments-1.4.3', timeZone: 'Europe/Berlin' });
  const open = createFinding(core, {
    auditId: audit.id,
    title: 'Hotfix deployed without an RFC',
    severity: 'critical',
    criteria: 'Policy CM-2',
    condition: 'Hotfix 1.4.3 had no RFC',
    cause: 'Emergency path misused',
    effect: 'Unapproved code in payments',
    recommendation: 'Gate deploys on RFC linkage',
    ownerRole: 'Release Manager',
    ownerName: 'A. Rivera',
    dueAt: '2027-01-31',
  });
  const secret = createFinding(core, { auditId: audit.id, title: 'Vendor backdoor suspicion', severity: 'major', confidential: true, condition: 'TOPSECRET-CONDITION-TEXT' });
  await logEvidence(core, audit.id, open.id, '22:01 deploy hotfix-1.4.3 by jdoe', 'deploy.log');
  await logEvidence(core, audit.id, secret.id, 'SECRET-EVIDENCE-LINE vendor ssh key', 'auth.log');
  return audit;
}

const long = (seed: string, sentences: number) =>
  Array.from({ length: sentences }, (_, i) => `${seed} ${i + 1}: the change record, the deployment log and the approval trail were compared line by line for this release and did not agree.`).join(' ');

/**
 * `images` spreads that many screenshots evenly over the findings (by default every fourth finding has
 * one), each `screenshotWidth` pixels wide (the bench gives them a desktop screen's size).
 */
export async function largeAudit(core: Core, folder: string, findings = 16, images?: number, screenshotWidth = 320) {
  const audit = createAudit(core, { name: 'FY2026 production change management, all regions', description: '' });
  savePlan(core, {
    auditId: audit.id,
    objective: long('Objective', 3),
    scheduleStart: '2026-09-01',
    scheduleEnd: '2026-12-20',
    escalationRules: [{ key: 'crit', metric: 'open-critical-findings', operator: '>=', threshold: 1, note: 'tell the CISO' }],
  });
  for (let i = 1; i <= 12; i += 1) createRelease(core, { auditId: audit.id, identifier: `core-banking-2026.${i}`, emergency: i % 5 === 0, timeZone: 'Europe/Berlin' });
  for (let i = 0; i < findings; i += 1) {
    const severity = severities[i % severities.length] ?? 'minor';
    const finding = createFinding(core, {
      auditId: audit.id,
      title: `${i + 1}. ${i % 3 === 0 ? 'Segregation of duties not enforced between the developers who write a change and the operators who deploy it to production' : 'Change ticket closed before the deployment was verified'}`,
      severity,
      confidential: i % 7 === 3,
      stage: null,
      // Most criteria are a line or two; some run long, so the finding's head cannot be laid out as one block.
      criteria: long('Criteria', i % 5 === 4 ? 6 : 1 + (i % 2)),
      condition: long('Condition', 2 + (i % 4)),
      cause: long('Cause', 1 + (i % 3)),
      effect: long('Effect', 2),
      recommendation: long('Recommendation', 1 + (i % 2)),
      ownerRole: 'Head of Platform Operations',
      ownerName: `Owner Number ${i + 1}`,
      dueAt: `2027-0${1 + (i % 9)}-15`,
    });
    // One excerpt is longer than a page: all of it must be printed.
    const excerpt = i === 2 ? Array.from({ length: 110 }, (_, n) => `step ${String(n + 1).padStart(3, '0')} ok`).join('\n') : `22:0${i % 10} deploy core-banking-2026.${i + 1} by operator ${i}\n23:1${i % 10} ticket closed`;
    await logEvidence(core, audit.id, finding.id, excerpt, `deploy-${i + 1}.log`);
    if (images === undefined ? i % 4 === 1 : (i * images) % findings < images) {
      const screenshot = path.join(folder, `approval-screen-${i + 1}.png`);
      fs.writeFileSync(screenshot, png(screenshotWidth, Math.round((screenshotWidth * 5) / 8) + i));
      const image = await addEvidenceFile(core, { auditId: audit.id, path: screenshot, refersTo: null, sourceSystem: 'ServiceNow', captureMethod: 'file', note: '' });
      linkEvidence(core, image.id, { targetType: 'finding', targetId: finding.id });
    }
    transitionFinding(core, { id: finding.id, to: 'open', acceptedBy: '', reason: '' });
  }
  savePlan(core, { auditId: audit.id, conclusionRating: 'unsatisfactory', conclusionText: long('Conclusion', 2) });
  finaliseAudit(core, audit.id);
  amendAudit(core, { auditId: audit.id, reason: 'Owner changed after the report was first issued', text: 'Finding 3 is owned by the platform team, not the release team.' });
  return audit;
}

async function logEvidence(core: Core, auditId: string, findingId: string, text: string, sourceFile: string) {
  return addEvidenceText(core, {
    auditId, kind: 'log-excerpt', text, sourceSystem: 'Jenkins', sourceFile, lineStart: 88, lineEnd: 89,
    url: '', refersTo: '2026-11-20', note: '', links: [{ targetType: 'finding', targetId: findingId }],
  });
}

/** A real, opaque RGB PNG with a gradient, as a screenshot would be. */
function png(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) rows.set([(x * 255) / width, (y * 255) / height, 180], row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
