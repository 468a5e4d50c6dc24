import { describe, expect, it } from 'vitest';
import { createAudit, pinTemplate } from '../audits/service';
import { DEFAULT_TEMPLATE_V1_ID } from '../templates/default-template';
import { ensureDefaultTemplate } from '../templates/service';
import { testCore } from '../../tests/helpers/temp';
import { createRelease, getRelease, updateRelease } from './service';

describe('bypassed controls of an emergency release', () => {
  it('names a refused row by its number and control, in plain words, and writes nothing of that save', () => {
    const core = testCore();
    ensureDefaultTemplate(core);
    const audit = createAudit(core, { name: 'Q4', description: '' });
    pinTemplate(core, audit.id, DEFAULT_TEMPLATE_V1_ID);
    const release = createRelease(core, { auditId: audit.id, identifier: 'HOTFIX-7', emergency: true, timeZone: 'Europe/Berlin', windowStart: '2026-11-20T22:00:00.000Z' });
    const good = { itemKey: 'RA-RFC-04', bypassedAt: '2026-11-20T22:00:00.000Z', remediatedAt: null, note: 'remediated at the next CAB' };
    const bad = { itemKey: 'RA-TST-02', bypassedAt: '2026-11-20T22:00:00.000Z', remediatedAt: null, note: '' };
    expect(() => updateRelease(core, { id: release.id, bypassedControls: [good, bad] })).toThrow('Bypassed control 2: RA-TST-02 is not an item of the pinned checklist.');
    expect(() => updateRelease(core, { id: release.id, bypassedControls: [{ ...good, remediatedAt: '2026-11-20T21:00:00.000Z' }] })).toThrow(
      'Bypassed control 1: RA-RFC-04 was remediated before it was bypassed.',
    );
    expect(getRelease(core, release.id).bypassedControls).toEqual([]);
    // The good row alone saves, and its warning shows the time in the release's zone.
    const saved = updateRelease(core, { id: release.id, bypassedControls: [good] });
    expect(saved.bypassedControls).toEqual([good]);
    expect(saved.warnings.map((w) => w.message)).toContain('RA-RFC-04 was bypassed at 20 Nov 2026, 23:00 Europe/Berlin and is not remediated: the limit is 72 hours.');
  });
});
