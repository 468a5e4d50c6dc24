import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChangeTicket } from '../../shared/api/releases';
import { createAudit } from '../audits/service';
import { getRelease, createRelease, saveTickets } from '../releases/service';
import { verifyAll } from '../system/verify';
import { testCore } from '../../tests/helpers/temp';
import { fixture, real, realworldMissing, scratchDir, writeScratch } from './test-files';
import { importInto } from './store';

// Change records fill the release's tickets inside the import's transaction: ServiceNow changes with
// their approvers' records, Jira issues with their changelog; a hand-typed ticket is never overwritten.

function setUp() {
  const core = testCore();
  const audit = createAudit(core, { name: 'Tickets', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'REL-15', windowStart: '2026-12-01T00:30:00.000Z' });
  return { core, auditId: audit.id, releaseId: release.id };
}

const ChangeTicketList = z.array(ChangeTicket);
const ticketsOf = (core: ReturnType<typeof setUp>['core'], releaseId: string) => getRelease(core, releaseId).tickets;

describe('an imported change record', () => {
  it('of ServiceNow fills its ticket, marked imported, and its approvers set the approval', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, fixture('servicenow-change-display.json'), { auditId, releaseId });
    const [emergency, standard] = ['CHG0040217', 'CHG0040188'].map((ref) => ticketsOf(core, releaseId).find((t) => t.reference === ref));
    expect(emergency).toMatchObject({ title: 'Hotfix payments-api 4.12.1 for card tokenisation timeouts', approvalStatus: 'approved', approvedAt: '2026-12-01T00:42:10.000Z' });
    expect(emergency?.imported).toMatchObject({ source: 'servicenow-change-display.json', kindLabel: 'ServiceNow change request JSON', lines: [3, 30], differs: [] });
    expect(standard).toMatchObject({ approvalStatus: 'approved', approvedAt: '2026-11-27T09:00:00.000Z' });
    // The approval check fills itself: the emergency change was approved after the window opened.
    expect(getRelease(core, releaseId).warnings.map((w) => w.message).join('\n')).toMatch(/CHG0040217 was approved at .* after the deployment window opened/);

    // The approvers' own records: one approved, one still requested, so the change is not approved yet.
    await importInto(core, fixture('servicenow-approvals-all.json'), { auditId, releaseId });
    const after = ticketsOf(core, releaseId).find((t) => t.reference === 'CHG0040217');
    expect(after).toMatchObject({ approvalStatus: 'pending', approvedBy: '', approvedAt: null });
    expect(after?.imported).toMatchObject({ source: 'servicenow-approvals-all.json', approvalStatus: 'pending', differs: [] });
    expect(ticketsOf(core, releaseId)).toHaveLength(2);
    expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('of Jira with its changelog fills the ticket approved by whoever moved it to Approved', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, fixture('jira-search-changelog.json'), { auditId, releaseId });
    expect(ticketsOf(core, releaseId).find((t) => t.reference === 'PAY-1432')).toMatchObject({
      title: 'Card tokenisation times out under load after pool change',
      approvalStatus: 'approved',
      approvedBy: 'Maria Lopez',
      approvedAt: '2026-11-30T23:02:13.877Z',
      imported: { source: 'jira-search-changelog.json', lines: [7, 61] },
    });
  });

  it.skipIf(realworldMissing)('of a real Jira Cloud issue without an approval leaves it pending', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, real('jira-cloud-issue-v3.json'), { auditId, releaseId });
    expect(ticketsOf(core, releaseId)).toEqual([expect.objectContaining({ reference: 'TEST-1', title: 'Bug summary', approvalStatus: 'pending', imported: expect.objectContaining({ kindLabel: 'Jira issue JSON' }) })]);
  });

  it('never overwrites a hand-typed ticket: the imported values sit beside it and the difference is warned about', async () => {
    const { core, auditId, releaseId } = setUp();
    saveTickets(core, releaseId, [{ reference: 'chg0040217', title: 'Typed by the auditor', approvalStatus: 'rejected', approvedBy: 'CAB', approvedAt: null }]);
    await importInto(core, fixture('servicenow-change-display.json'), { auditId, releaseId });
    const typed = ticketsOf(core, releaseId).find((t) => t.reference === 'chg0040217');
    expect(typed).toMatchObject({ title: 'Typed by the auditor', approvalStatus: 'rejected', approvedBy: 'CAB', approvedAt: null });
    expect(typed?.imported).toMatchObject({ approvalStatus: 'approved', differs: ['title', 'approvalStatus', 'approvedBy', 'approvedAt'] });
    expect(getRelease(core, releaseId).warnings.find((w) => w.kind === 'imported-differs')?.message).toMatch(/^chg0040217 differs from the imported change record \(servicenow-change-display.json\), which says approved/);

    // A ticket the import made and the auditor then edited keeps the edit on the next import.
    const release = getRelease(core, releaseId);
    saveTickets(core, releaseId, release.tickets.map((t) => (t.reference === 'CHG0040188' ? { ...t, title: 'Renamed by hand' } : t)));
    await importInto(core, fixture('servicenow-changes.csv'), { auditId, releaseId });
    expect(ticketsOf(core, releaseId).find((t) => t.reference === 'CHG0040188')?.title).toBe('Renamed by hand');
  });

  it('imported again changes nothing, and a screen sending the imported part back cannot change it', async () => {
    const { core, auditId, releaseId } = setUp();
    await importInto(core, fixture('servicenow-change-display.json'), { auditId, releaseId });
    const before = ticketsOf(core, releaseId);
    const ledger = () => (core.sqlite.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
    const entries = ledger();
    expect((await importInto(core, fixture('servicenow-change-display.json'), { auditId, releaseId })).alreadyImported).toBe(true);
    expect(ticketsOf(core, releaseId)).toEqual(before);
    expect(ledger()).toBe(entries);
    saveTickets(core, releaseId, before.map((t) => ({ ...t, imported: t.imported ? { ...t.imported, approvalStatus: 'rejected' as const } : null })));
    expect(ticketsOf(core, releaseId)).toEqual(before);
    expect(ledger()).toBe(entries);
  });

  it('stays a ticket the release screen can save back: no overlong reference, no time the contract refuses', async () => {
    const { core, auditId, releaseId } = setUp();
    const long = 'CHG'.padEnd(90, '7');
    const file = writeScratch(
      scratchDir(),
      'changes.json',
      JSON.stringify({
        result: [
          { number: long, short_description: 'Too long a number', type: 'normal', approval: 'approved', approval_set: '2026-11-30 10:00:00' },
          { number: 'CHG0000042', short_description: 'Approved long ago', type: 'normal', approval: 'approved', approval_set: '1999-12-31 10:00:00' },
        ],
      }, null, 2),
    );
    await importInto(core, file, { auditId, releaseId });
    const tickets = ticketsOf(core, releaseId);
    expect(tickets.map((t) => [t.reference, t.approvalStatus, t.approvedAt])).toEqual([['CHG0000042', 'approved', null]]);
    // The screen saves the list it was given, unchanged: accepted.
    expect(() => saveTickets(core, releaseId, ChangeTicketList.parse(tickets))).not.toThrow();
  });

  it('fills at most the tickets a release holds; the changes past that stay facts', async () => {
    const { core, auditId, releaseId } = setUp();
    const issues = Array.from({ length: 205 }, (_, i) => ({
      id: String(50_000 + i),
      self: `https://contoso.atlassian.net/rest/api/2/issue/${50_000 + i}`,
      key: `OPS-${i + 1}`,
      fields: { issuetype: { name: 'Change' }, status: { name: 'Done' }, summary: `Routine change ${i + 1}`, created: '2026-11-30T21:44:09.338+0100' },
    }));
    const file = writeScratch(scratchDir(), 'search.json', JSON.stringify({ expand: 'names,schema', startAt: 0, maxResults: 250, total: 205, issues }, null, 2));
    const outcome = await importInto(core, file, { auditId, releaseId });
    expect(outcome.import.factKinds.change).toBe(205);
    const tickets = ticketsOf(core, releaseId);
    expect(tickets).toHaveLength(200);
    expect(() => saveTickets(core, releaseId, ChangeTicketList.parse(tickets))).not.toThrow();
  });

  it('that fails writes no ticket either', async () => {
    const { core, auditId, releaseId } = setUp();
    const broken = writeScratch(scratchDir(), 'change.json', '{"result": [{"number": "CHG1", "short_description": "cut off');
    await expect(importInto(core, broken, { auditId, releaseId })).rejects.toThrow();
    expect(ticketsOf(core, releaseId)).toEqual([]);
    expect((core.sqlite.prepare('SELECT count(*) AS n FROM change_tickets').get() as { n: number }).n).toBe(0);
  });
});
