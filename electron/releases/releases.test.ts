import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { testCore } from '../../tests/helpers/temp';
import { verifyAll } from '../system/verify';
import { createRelease, getRelease, listReleases, saveComponents, saveRunbook, saveTickets, updateRelease } from './service';
import { releaseWarnings, versionIn } from './warnings';

function setup() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  return { core, audit };
}

describe('releases', () => {
  it('hold tickets, runbook, artifacts and components, through the ledger', async () => {
    const { core, audit } = setup();
    const release = createRelease(core, {
      auditId: audit.id,
      identifier: 'PAY-2026.11.3',
      system: 'Payments',
      services: ['ledger-api', 'card-gateway'],
      environments: ['production'],
      windowStart: '2026-11-20T22:00:00.000Z',
      windowEnd: '2026-11-21T01:00:00.000Z',
      timeZone: 'Europe/Berlin',
      riskClass: 'high',
      sourceTag: 'v1.4.2',
      buildNumber: '812 (1.4.2)',
      manifestVersion: '1.4.2',
    });
    saveTickets(core, release.id, [
      { reference: 'RFC-881', title: 'Ledger API 1.4.2', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: '2026-11-19T10:00:00.000Z' },
    ]);
    saveRunbook(core, release.id, [
      { title: 'Drain traffic', plannedStart: '2026-11-20T22:00:00.000Z', plannedEnd: '2026-11-20T22:10:00.000Z', owner: 'SRE', parameters: { region: 'eu-1' }, contacts: 'ops@example' },
      { title: 'Deploy ledger-api', plannedStart: null, plannedEnd: null, owner: 'SRE', parameters: {}, contacts: '' },
    ]);
    saveComponents(core, release.id, [{ name: 'openssl', version: '3.0.13', licence: 'Apache-2.0', vulnerabilityStatus: 'none-known', notes: '' }]);
    const stored = getRelease(core, release.id);
    expect(stored.tickets.map((t) => t.reference)).toEqual(['RFC-881']);
    expect(stored.runbook.map((s) => s.title)).toEqual(['Drain traffic', 'Deploy ledger-api']);
    expect(stored.runbook[0]?.parameters).toEqual({ region: 'eu-1' });
    expect(stored.warnings).toEqual([]);
    expect(listReleases(core, audit.id).map((r) => r.identifier)).toEqual(['PAY-2026.11.3']);

    // Reorder and remove steps; the ledger keeps what was removed.
    const [drain, deploy] = stored.runbook;
    saveRunbook(core, release.id, [{ ...deploy! }]);
    expect(getRelease(core, release.id).runbook.map((s) => s.title)).toEqual(['Deploy ledger-api']);
    expect(core.sqlite.prepare("SELECT op FROM ledger WHERE entity = 'runbook_steps' AND entity_id = ?").all(drain!.id)).toEqual([{ op: 'insert' }, { op: 'delete' }]);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('warns of late approvals, unapproved tickets, disagreeing versions and vulnerable components', () => {
    const { core, audit } = setup();
    const release = createRelease(core, { auditId: audit.id, identifier: 'R1', windowStart: '2026-11-20T22:00:00.000Z', sourceTag: 'v1.4.2', manifestVersion: 'manifest-1.4.3' });
    saveTickets(core, release.id, [
      { reference: 'RFC-1', title: '', approvalStatus: 'approved', approvedBy: 'CAB', approvedAt: '2026-11-20T22:05:00.000Z' },
      { reference: 'RFC-2', title: '', approvalStatus: 'pending', approvedBy: '', approvedAt: null },
    ]);
    saveComponents(core, release.id, [{ name: 'log4j-core', version: '2.14.1', licence: 'Apache-2.0', vulnerabilityStatus: 'known', notes: 'CVE-2021-44228' }]);
    const kinds = getRelease(core, release.id).warnings.map((w) => w.kind);
    expect(kinds).toEqual(['late-approval', 'unapproved-ticket', 'version-mismatch', 'vulnerable-component']);
    expect(getRelease(core, release.id).warnings[0]?.message).toBe(
      'RFC-1 was approved at 20 Nov 2026, 22:05 UTC, after the deployment window opened at 20 Nov 2026, 22:00 UTC.',
    );
  });

  it('refuses a window that ends before it starts, and unknown rows', () => {
    const { core, audit } = setup();
    expect(() => createRelease(core, { auditId: audit.id, identifier: 'R', windowStart: '2026-11-21T00:00:00.000Z', windowEnd: '2026-11-20T00:00:00.000Z' })).toThrow(/ends before it starts/);
    const release = createRelease(core, { auditId: audit.id, identifier: 'R' });
    const named = saveTickets(core, release.id, [{ id: '01900000-0000-7000-8000-000000000000', reference: 'X', title: '', approvalStatus: 'pending', approvedBy: '', approvedAt: null }]);
    expect(named.tickets[0]?.id).toBe('01900000-0000-7000-8000-000000000000');
    const other = createRelease(core, { auditId: audit.id, identifier: 'Other' });
    expect(() => saveTickets(core, other.id, [{ id: '01900000-0000-7000-8000-000000000000', reference: 'X', title: '', approvalStatus: 'pending', approvedBy: '', approvedAt: null }])).toThrow(/belongs to another release/);
    expect(updateRelease(core, { id: release.id, emergency: true }).emergency).toBe(true);
  });

  it('finds the version in a tag, build or manifest label', () => {
    expect(versionIn('v1.4.2')).toBe('1.4.2');
    expect(versionIn('release-1.4.2+812')).toBe('1.4.2');
    expect(versionIn('812')).toBeNull();
    expect(releaseWarnings({ windowStart: null, sourceTag: 'v2.0', buildNumber: '77', manifestVersion: '2.0', tickets: [{ reference: 'R', approvalStatus: 'approved', approvedAt: '2026-01-01T00:00:00.000Z' }], components: [] })).toEqual([]);
  });

  it('checks an emergency release against the pinned template policy and the 72-hour remediation limit', () => {
    const policy = { title: 'Emergency deployment without the full CAB', postFactoApprovalHours: 24 };
    const base = { windowStart: '2026-11-20T22:00:00.000Z', sourceTag: '', buildNumber: '', manifestVersion: '', tickets: [{ reference: 'RFC-9', approvalStatus: 'approved' as const, approvedAt: '2026-11-20T21:00:00.000Z' }], components: [], policy, emergency: true };
    const now = Date.parse('2026-11-22T00:00:00.000Z');
    const missing = releaseWarnings({ ...base, now, emergencyJustification: '', postFactoApprovedAt: null, bypassedControls: [] });
    expect(missing.map((w) => w.message)).toEqual([
      'No justification is recorded for this emergency release.',
      'No post-facto approval, and the deadline has passed ("Emergency deployment without the full CAB" allows 24 h).',
    ]);
    const late = releaseWarnings({ ...base, now, emergencyJustification: 'Card outage', postFactoApprovedAt: '2026-11-21T23:00:00.000Z', bypassedControls: [] });
    expect(late.map((w) => w.message)).toEqual(['Approved after the fact 25 h after the window opened, later than the policy ("Emergency deployment without the full CAB" allows 24 h).']);
    const bypassed = { itemKey: 'RA-RFC-04', bypassedAt: '2026-11-20T22:00:00.000Z', remediatedAt: null, note: '' };
    const inTime = releaseWarnings({ ...base, now, emergencyJustification: 'x', postFactoApprovedAt: '2026-11-21T08:00:00.000Z', bypassedControls: [bypassed] });
    expect(inTime).toEqual([]);
    const overdue = releaseWarnings({ ...base, now: Date.parse('2026-11-24T00:00:00.000Z'), emergencyJustification: 'x', postFactoApprovedAt: '2026-11-21T08:00:00.000Z', bypassedControls: [bypassed] });
    expect(overdue.map((w) => w.kind)).toEqual(['bypassed-control-overdue']);
  });
});
