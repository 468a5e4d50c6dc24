import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir, testCore } from '../../../tests/helpers/temp';
import { createAudit } from '../../audits/service';
import { addEvidenceText } from '../../evidence/service';
import { createFinding, transitionFinding } from '../../findings/service';
import type { Core } from '../../services';
import { generateReport } from '../service';

// The Trends section read back from real PDFs with pdftotext: the full report and the executive
// summary show the findings charts of the cycles up to the audit reported on (a later audit is left
// out), each with its title, definition and numbers, drawn once per report.

const parts = { criteria: 'RFC approved first.', condition: 'It was not.', cause: 'Rushed.', effect: 'Risk.', recommendation: 'Gate it.' };

async function raise(core: Core, auditId: string, severity: 'critical' | 'major' | 'minor') {
  const f = createFinding(core, { auditId, title: `A ${severity} finding`, severity, ...parts });
  await addEvidenceText(core, {
    auditId, kind: 'log-excerpt', text: `proof ${f.id}`, sourceSystem: 'CI', sourceFile: 'deploy.log', lineStart: 1, lineEnd: 1, url: '', refersTo: null, note: '', links: [{ targetType: 'finding', targetId: f.id }],
  });
  transitionFinding(core, { id: f.id, to: 'open', acceptedBy: '', reason: '' });
}

const words = (pdf: Buffer) => {
  const file = path.join(tempDir(), 'report.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('the report’s Trends section', () => {
  it('prints the charts of the cycles up to this audit, with definitions and numbers, in the full report and the summary', async () => {
    const core = testCore();
    const first = createAudit(core, { name: 'Winter cycle', description: '' });
    await raise(core, first.id, 'critical');
    await raise(core, first.id, 'major');
    await raise(core, first.id, 'major');
    const second = createAudit(core, { name: 'Spring cycle', description: '' });
    await raise(core, second.id, 'minor');
    // Created on a later day than the spring cycle: not a cycle up to it.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() + 3 * 86_400_000));
    createAudit(core, { name: 'Summer cycle', description: '' });
    vi.useRealTimers();

    for (const kind of ['full', 'summary'] as const) {
      const { pdf } = await generateReport(core, { auditId: second.id, kind, distribution: 'internal', sign: false });
      const text = words(pdf);
      expect(text).toContain('Trends across audit cycles');
      expect(text).toContain('Findings raised per audit cycle');
      expect(text).toContain('Open findings at the end of each audit cycle');
      expect(text.replace(/\s+/g, ' ')).toContain('Findings of each audit that left draft, by severity.');
      // The numbers table of the raised chart: critical, major, minor, informational with their basis.
      // (In the summary's narrower tables a cycle's name may wrap under its first word.)
      expect(text).toMatch(/Winter (?:cycle)?\s+1 \(1\)\s+2 \(2\)\s+0 \(0\)\s+0 \(0\)/);
      expect(text).toMatch(/Spring (?:cycle)?\s+0 \(0\)\s+0 \(0\)\s+1 \(1\)\s+0 \(0\)/);
      expect(text).not.toContain('Summer cycle');
    }
  });
});
