import { describe, expect, it } from 'vitest';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { createAudit } from '../audits/service';
import { fixture } from '../imports/test-files';
import { createRelease } from '../releases/service';
import { importReal } from '../rules/facts.fixture';
import { verifyAll } from '../system/verify';
import { getTestSettings, saveTestSettings } from './settings';
import { listSignOffs, signOffTests } from './signoffs';

// An audit's test settings and its QA sign-offs travel in its bundle to another laptop like any record.

describe('test records between laptops', () => {
  it('carry the sign-off of a test report and the audit settings to the other laptop', async () => {
    const a = laptop('Ana Ortiz');
    const b = laptop('Ben Okoro');
    const audit = createAudit(a, { name: 'Payments 4.2.0', description: '' });
    const release = createRelease(a, { auditId: audit.id, identifier: 'payments-4.2.0' });
    const report = await importReal(a, audit.id, release.id, fixture('junit-release-checks.xml'));
    signOffTests(a, { importId: report.importId, signedBy: 'Priya Raman', role: 'QA lead', signedAt: '2026-03-14T21:55:00.000Z', decision: 'rejected', note: 'Refunds fail' });
    saveTestSettings(a, { auditId: audit.id, scanThreshold: { level: 'warning', minScore: 4, combine: 'both' }, testKinds: [{ field: 'suite', syntax: 'glob', pattern: '*IT', kind: 'integration' }] });

    await exchange(a, b, audit.id);
    expect(listSignOffs(b, { auditId: audit.id })).toEqual(listSignOffs(a, { auditId: audit.id }));
    expect(getTestSettings(b, audit.id)).toEqual(getTestSettings(a, audit.id));
    const tables = ['test_settings', 'test_sign_offs'];
    expect(recordsOf(b, tables)).toEqual(recordsOf(a, tables));
    expect((await verifyAll(a)).ok).toBe(true);
    expect((await verifyAll(b)).ok).toBe(true);
  });
});
