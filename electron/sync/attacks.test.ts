import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAudit } from '../audits/service';
import { runCli } from '../cli/main';
import { createFinding, updateFinding } from '../findings/service';
import { verifyAll } from '../system/verify';
import type { Core } from '../services';
import { exchange, laptop, recordsOf } from '../../tests/helpers/laptops';
import { tempDir } from '../../tests/helpers/temp';
import { bundleLimits } from './bundle-file';
import { nextEntry, readParts, stubChain, writeParts } from './craft';
import { exportBundle } from './export';
import type { BundleEntry } from './format';
import { importBundle, inspectBundle } from './import';
import { listForks, syncStatus } from './service';
import { revokeKey } from './trust';

// What a trusted but hostile laptop can do with its own key, each reproduced exactly: claim another
// device's id, relay an entry it made up under another device's id, pad a bundle with stubs, claim
// to hold chains it does not. None of it may stick.

const tables = ['audits', 'findings'];
const fingerprintOf = (core: Core, actor: string) => syncStatus(core).keys.find((k) => k.subject.includes(`CN=${actor}`))!.fingerprint;
const titleOn = (core: Core, id: string) => (core.sqlite.prepare('SELECT title FROM findings WHERE id = ?').get(id) as { title: string }).title;
const stubCount = (core: Core) => (core.sqlite.prepare('SELECT count(*) AS n FROM ledger_stubs').get() as { n: number }).n;

async function sharedAudit(names: string[]) {
  const [a, ...others] = names.map((n) => laptop(n)) as [Core, ...Core[]];
  const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
  const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested' });
  for (const other of others) await exchange(a, other, audit.id);
  return { a, others, audit, finding };
}

/** A real bundle exported by `from`, taken apart for a hostile laptop to change. */
async function partsFrom(from: Core, auditId: string) {
  const file = path.join(tempDir(), 'real.rabundle');
  await exportBundle(from, { auditId, out: file });
  return readParts(file);
}

const lastOf = (entries: BundleEntry[], deviceId: string) => entries.filter((e) => e.deviceId === deviceId).at(-1)!;

describe('a revoked key stays revoked', () => {
  it('refuses a bundle that claims a device bound to another key, and the revoked laptop\'s work relayed later', async () => {
    const { a: eve, others, audit, finding } = await sharedAudit(['Eve', 'Pat', 'Bob']);
    const [pat, bob] = others as [Core, Core];
    await exchange(eve, bob, audit.id);
    await exchange(pat, bob, audit.id);
    revokeKey(bob, fingerprintOf(bob, 'Eve'));
    // Pat signs an empty bundle whose manifest claims Eve's device.
    const parts = await partsFrom(pat, audit.id);
    const patFingerprint = fingerprintOf(bob, 'Pat');
    const forged = await writeParts(pat, { ...parts, entries: [], objects: [] }, path.join(tempDir(), 'claim.rabundle'), {
      from: { deviceId: eve.deviceId, actor: 'Eve', fingerprint: patFingerprint },
    });
    const before = recordsOf(bob, ['audits']);
    await expect(importBundle(bob, forged)).rejects.toThrow(/comes from device .* bound here to Eve's key .* signed by Pat's key/);
    expect(bob.sqlite.prepare('SELECT fingerprint FROM sync_peers WHERE device_id = ?').get(eve.deviceId)).toEqual({ fingerprint: fingerprintOf(bob, 'Eve') });
    expect(recordsOf(bob, ['audits'])).toEqual({ audits: before.audits });
    // Eve's new work, relayed by Pat, is still refused.
    updateFinding(eve, { id: finding.id, title: 'Edited after the revocation' });
    await exchange(eve, pat, audit.id);
    await expect(exchange(pat, bob, audit.id)).rejects.toThrow(/new entries made on Eve's laptop .* revoked here/);
    expect(titleOn(bob, finding.id)).toBe('Backout untested');
  });

  it('refuses a bundle that claims to come from this laptop but is signed by another key', async () => {
    const { a, others, audit } = await sharedAudit(['Alice', 'Pat']);
    const [pat] = others as [Core];
    await exchange(pat, a, audit.id);
    const parts = await partsFrom(pat, audit.id);
    const forged = await writeParts(pat, { ...parts, entries: [], objects: [] }, path.join(tempDir(), 'me.rabundle'), {
      from: { deviceId: a.deviceId, actor: 'Alice', fingerprint: fingerprintOf(a, 'Pat') },
    });
    await expect(importBundle(a, forged)).rejects.toThrow(/claims to come from this laptop/);
  });
});

describe('a forged entry relayed by a trusted laptop', () => {
  it('is quarantined when the genuine laptop sends its own record, naming who relayed it; the chains go on', async () => {
    const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Pat', 'Bob']);
    const [pat, bob] = others as [Core, Core];
    await exchange(bob, alice, audit.id);
    await exchange(pat, bob, audit.id);
    // Pat makes up an edit under Alice's device id and passes it on to Bob.
    const parts = await partsFrom(pat, audit.id);
    const forgery = nextEntry(lastOf(parts.entries, alice.deviceId), { entity: 'findings', entityId: finding.id, op: 'update', fields: { title: 'Forged by Pat' }, actor: 'Alice' });
    await importBundle(bob, await writeParts(pat, { ...parts, entries: [...parts.entries, forgery] }, path.join(tempDir(), 'forged.rabundle')));
    expect(titleOn(bob, finding.id)).toBe('Forged by Pat');
    // Alice's own next entry has the same number: her bundle goes in, the forgery comes out.
    updateFinding(alice, { id: finding.id, title: 'Genuine edit' });
    const { result } = await exchange(alice, bob, audit.id, { forPeer: true });
    expect(result.newEntries).toBe(1);
    expect(titleOn(bob, finding.id)).toBe('Genuine edit');
    const forks = listForks(bob);
    expect(forks).toEqual([
      expect.objectContaining({ deviceId: alice.deviceId, deviceActor: 'Alice', fromSeq: forgery.seq, toSeq: forgery.seq, outcome: 'replaced', relayedBy: expect.objectContaining({ actor: 'Pat', fingerprint: fingerprintOf(bob, 'Pat') }) }),
    ]);
    expect(forks[0]!.entries).toEqual([expect.objectContaining({ entity: 'findings', op: 'update', fields: { title: 'Forged by Pat' } })]);
    expect((await verifyAll(bob)).problems).toEqual([]);
    // Pat sends the forgery again with new work of its own: the forgery stays out, the rest goes in.
    updateFinding(pat, { id: finding.id, condition: 'Seen by Pat' });
    const again = await partsFrom(pat, audit.id);
    const other = nextEntry(lastOf(again.entries, alice.deviceId), { entity: 'findings', entityId: finding.id, op: 'update', fields: { title: 'Forged again' }, actor: 'Alice' });
    await importBundle(bob, await writeParts(pat, { ...again, entries: [...again.entries, other] }, path.join(tempDir(), 'again.rabundle')));
    expect(bob.sqlite.prepare('SELECT title, condition FROM findings WHERE id = ?').get(finding.id)).toEqual({ title: 'Genuine edit', condition: 'Seen by Pat' });
    expect(listForks(bob).map((f) => f.outcome).sort()).toEqual(['kept-out', 'replaced']);
    expect(syncStatus(bob).forks).toHaveLength(2);
    // A person sees them from the command line too.
    for (const command of ['status', 'conflicts']) {
      const out: string[] = [];
      expect(await runCli(['--data-dir', bob.layout.root, '--actor', 'Bob', 'bundle', command], { out: (l) => out.push(l), err: () => {} })).toBe(0);
      expect(out.join('\n')).toMatch(/2 fork\(s\)[^]*of Alice's record \(device .*\), relayed by Pat's laptop \(key ([0-9A-F]{2}:){31}[0-9A-F]{2}\)[^]*update findings .* by Alice: \{"title":"Forged/);
    }
    // Alice and Bob go on exchanging, and end with the same records.
    updateFinding(alice, { id: finding.id, title: 'Later edit' });
    await exchange(alice, bob, audit.id, { forPeer: true });
    await exchange(bob, alice, audit.id, { forPeer: true });
    expect(recordsOf(alice, tables)).toEqual(recordsOf(bob, tables));
    for (const core of [alice, bob]) expect((await verifyAll(core)).problems).toEqual([]);
  });

  it('is kept out by the laptop it impersonates, which then sends its genuine record from the fork on', async () => {
    const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Pat', 'Bob']);
    const [pat, bob] = others as [Core, Core];
    await exchange(bob, alice, audit.id);
    await exchange(pat, bob, audit.id);
    const parts = await partsFrom(pat, audit.id);
    const forgery = nextEntry(lastOf(parts.entries, alice.deviceId), { entity: 'findings', entityId: finding.id, op: 'update', fields: { title: 'Forged by Pat' }, actor: 'Alice' });
    await importBundle(bob, await writeParts(pat, { ...parts, entries: [...parts.entries, forgery] }, path.join(tempDir(), 'forged.rabundle')));
    // Bob passes the forgery back to Alice without knowing: Alice keeps it out of her own record.
    await exchange(bob, alice, audit.id, { forPeer: true });
    expect(titleOn(alice, finding.id)).toBe('Backout untested');
    expect(listForks(alice)).toEqual([expect.objectContaining({ deviceId: alice.deviceId, outcome: 'kept-out', relayedBy: expect.objectContaining({ actor: 'Bob' }) })]);
    updateFinding(alice, { id: finding.id, title: 'Genuine edit' });
    await exchange(alice, bob, audit.id, { forPeer: true });
    expect(titleOn(bob, finding.id)).toBe('Genuine edit');
    expect(recordsOf(alice, tables)).toEqual(recordsOf(bob, tables));
    for (const core of [alice, bob]) expect((await verifyAll(core)).problems).toEqual([]);
  });
  it('is taken out when the genuine laptop\'s delta starts after it, and the genuine record follows', async () => {
    const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Pat', 'Bob']);
    const [pat, bob] = others as [Core, Core];
    await exchange(bob, alice, audit.id);
    await exchange(pat, bob, audit.id);
    const parts = await partsFrom(pat, audit.id);
    const forgery = nextEntry(lastOf(parts.entries, alice.deviceId), { entity: 'findings', entityId: finding.id, op: 'update', fields: { title: 'Forged by Pat' }, actor: 'Alice' });
    await importBundle(bob, await writeParts(pat, { ...parts, entries: [...parts.entries, forgery] }, path.join(tempDir(), 'forged.rabundle')));
    updateFinding(alice, { id: finding.id, title: 'First genuine edit' });
    updateFinding(alice, { id: finding.id, title: 'Second genuine edit' });
    // A delta of Alice's, signed by her, that starts after the forged entry.
    const own = await partsFrom(alice, audit.id);
    const delta = await writeParts(alice, { ...own, entries: own.entries.filter((e) => e.deviceId === alice.deviceId && e.seq > forgery.seq) }, path.join(tempDir(), 'delta.rabundle'));
    await importBundle(bob, delta);
    expect(titleOn(bob, finding.id)).toBe('Backout untested');
    expect(listForks(bob)).toEqual([expect.objectContaining({ outcome: 'replaced', fromSeq: forgery.seq, relayedBy: expect.objectContaining({ actor: 'Pat' }) })]);
    // Bob's next bundle says how far it holds Alice's record; Alice's next delta brings the rest.
    await exchange(bob, alice, audit.id, { forPeer: true });
    await exchange(alice, bob, audit.id, { forPeer: true });
    expect(titleOn(bob, finding.id)).toBe('Second genuine edit');
    expect(recordsOf(alice, tables)).toEqual(recordsOf(bob, tables));
    for (const core of [alice, bob]) expect((await verifyAll(core)).problems).toEqual([]);
  });
});

describe('stubs a trusted laptop cannot justify', () => {
  it('stores none for a made-up device whose chain carries nothing of the audit', async () => {
    const { a: alice, others, audit } = await sharedAudit(['Alice', 'Bob']);
    const [bob] = others as [Core];
    const parts = await partsFrom(alice, audit.id);
    const padded = await writeParts(alice, { ...parts, entries: [...parts.entries, ...stubChain('made-up-device', 2000)] }, path.join(tempDir(), 'padded.rabundle'));
    const before = stubCount(bob);
    const result = await importBundle(bob, padded);
    expect(result.newEntries).toBe(0);
    expect(stubCount(bob)).toBe(before);
    expect(bob.sqlite.prepare("SELECT count(*) AS n FROM sync_seen WHERE device_id = 'made-up-device'").get()).toEqual({ n: 0 });
    expect(bob.sqlite.prepare("SELECT count(*) AS n FROM sync_peer_seen WHERE device_id = 'made-up-device'").get()).toEqual({ n: 0 });
  });

  it('refuses a run of stubs over the limit, writing nothing', async () => {
    const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Bob']);
    const [bob] = others as [Core];
    const parts = await partsFrom(alice, audit.id);
    const stubs = stubChain('made-up-device', 600, Date.now());
    const tail = nextEntry(stubs.at(-1)!, { entity: 'findings', entityId: finding.id, op: 'update', fields: { condition: 'padded' } });
    const padded = await writeParts(alice, { ...parts, entries: [...parts.entries, ...stubs, tail] }, path.join(tempDir(), 'padded.rabundle'));
    const before = stubCount(bob);
    await expect(importBundle(bob, padded, { limits: { ...bundleLimits, maxStubRun: 500 } })).rejects.toThrow(/600 entries of other audits in a row .* limit of 500/);
    expect(stubCount(bob)).toBe(before);
  });

  it('ignores a claim to hold more of a chain than the bundle carries, so exports keep working', async () => {
    const { a: alice, others, audit } = await sharedAudit(['Alice', 'Bob']);
    const [bob] = others as [Core];
    const parts = await partsFrom(alice, audit.id);
    const empty = await writeParts(alice, { ...parts, entries: [], objects: [] }, path.join(tempDir(), 'claims.rabundle'), {
      ranges: [{ deviceId: alice.deviceId, from: 5000, to: 5000 }, { deviceId: 'made-up-device', from: 9000, to: 9000 }],
      have: { [alice.deviceId]: 5000, 'made-up-device': 9000 },
    });
    await importBundle(bob, empty);
    const out = path.join(tempDir(), 'after.rabundle');
    await expect(exportBundle(bob, { auditId: audit.id, out })).resolves.toMatchObject({ entries: expect.any(Number) });
    await expect(importBundle(alice, out, { trustFingerprint: (await inspectBundle(alice, out)).signer.fingerprint })).resolves.toMatchObject({ conflicts: 0 });
  });
});

describe('other claims of a trusted laptop\'s manifest', () => {
  it('cannot make the genuine bundle look imported, date itself in the future, or rename a known laptop', async () => {
    const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Pat', 'Bob']);
    const [pat, bob] = others as [Core, Core];
    await exchange(pat, bob, audit.id);
    updateFinding(alice, { id: finding.id, title: 'New on Alice' });
    // Alice's bundle for Bob waits in a shared folder, where Pat reads its id.
    const genuine = path.join(tempDir(), 'alice.rabundle');
    await exportBundle(alice, { auditId: audit.id, out: genuine });
    const { manifest } = await readParts(genuine);
    const parts = await partsFrom(pat, audit.id);
    const copycat = await writeParts(pat, { ...parts, entries: [], objects: [] }, path.join(tempDir(), 'copycat.rabundle'), {
      bundleId: manifest.bundleId,
      createdAt: '9999-12-31T00:00:00.000Z',
      from: { deviceId: pat.deviceId, actor: 'Alice', fingerprint: fingerprintOf(bob, 'Pat') },
    });
    await importBundle(bob, copycat);
    const result = await importBundle(bob, genuine, { trustFingerprint: (await inspectBundle(bob, genuine)).signer.fingerprint });
    expect(result.alreadyImported).toBeNull();
    expect(titleOn(bob, finding.id)).toBe('New on Alice');
    const patRow = syncStatus(bob).peers.find((p) => p.deviceId === pat.deviceId)!;
    expect(patRow.actor).toBe('Pat');
    expect(patRow.lastBundleAt < '9999').toBe(true);
  });
});

type Step = { kind: 'forge'; to: 1 | 2 } | { kind: 'edit' } | { kind: 'send'; from: number; to: number; delta: boolean };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('forge' as const), to: fc.constantFrom(1 as const, 2 as const) }),
  fc.record({ kind: fc.constant('edit' as const) }),
  fc.record({ kind: fc.constant('send' as const), from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), delta: fc.boolean() }).filter((s) => s.from !== s.to),
  fc.record({ kind: fc.constant('send' as const), from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), delta: fc.boolean() }).filter((s) => s.from !== s.to),
);

describe('a forgery among ordinary exchanges', () => {
  it('whatever order bundles arrive in, every laptop ends with the genuine record and the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 9 }), async (steps) => {
        const { a: alice, others, audit, finding } = await sharedAudit(['Alice', 'Pat', 'Bob', 'Carol']);
        const [pat, bob, carol] = others as [Core, Core, Core];
        const team = [alice, bob, carol];
        for (const core of [bob, carol]) await exchange(core, alice, audit.id);
        for (const core of [bob, carol]) await exchange(pat, core, audit.id);
        const parts = await partsFrom(pat, audit.id);
        const forgery = nextEntry(lastOf(parts.entries, alice.deviceId), { entity: 'findings', entityId: finding.id, op: 'update', fields: { title: 'Forged by Pat' }, actor: 'Alice' });
        const forged = await writeParts(pat, { ...parts, entries: [...parts.entries, forgery] }, path.join(tempDir(), 'forged.rabundle'));
        let edits = 0;
        const send = async (from: Core, to: Core, delta: boolean) => {
          try {
            await exchange(from, to, audit.id, { forPeer: delta });
          } catch (error) {
            // A delta from further than a laptop now holds (it took a relayed copy out) writes nothing: its next bundle tells.
            expect((error as Error).message).toMatch(/a bundle in between is missing/);
          }
        };
        for (const s of steps) {
          if (s.kind === 'forge') await importBundle(team[s.to] as Core, forged);
          if (s.kind === 'edit') updateFinding(alice, { id: finding.id, title: `Alice ${(edits += 1)}` });
          if (s.kind === 'send') await send(team[s.from] as Core, team[s.to] as Core, s.delta);
        }
        // A final round: everyone tells everyone what it holds, then Alice's record reaches everyone.
        for (const [from, to] of [[1, 0], [2, 0], [1, 2], [2, 1], [0, 1], [0, 2], [1, 2], [2, 1]] as const) await send(team[from] as Core, team[to] as Core, true);
        const genuine = titleOn(alice, finding.id);
        expect(genuine).not.toBe('Forged by Pat');
        for (const core of team) expect(titleOn(core, finding.id)).toBe(genuine);
        expect(recordsOf(bob, tables)).toEqual(recordsOf(alice, tables));
        expect(recordsOf(carol, tables)).toEqual(recordsOf(alice, tables));
        for (const core of team) expect((await verifyAll(core)).problems).toEqual([]);
      }),
      {
        numRuns: 8,
        // Found by this property: the forger's copy is passed back to Alice, who has written nothing since,
        // so only her signed head can tell the forged entry past it for what it is.
        examples: [[[{ kind: 'send', from: 1, to: 0, delta: false }, { kind: 'forge', to: 1 }, { kind: 'send', from: 1, to: 0, delta: false }]]],
      },
    );
  }, 600_000);
});

describe('claiming a laptop known only through relays', () => {
  it('refuses a first bundle for that laptop signed by someone who never wrote on it', async () => {
    const { a: alice, others, audit } = await sharedAudit(['Alice', 'Pat', 'Carol']);
    const [pat, carol] = others as [Core, Core];
    // Carol's laptop reaches Pat only through Alice.
    await exchange(carol, alice, audit.id);
    await exchange(alice, pat, audit.id);
    const parts = await partsFrom(pat, audit.id);
    const claim = await writeParts(alice, { ...parts, entries: [], objects: [] }, path.join(tempDir(), 'claim.rabundle'), {
      from: { deviceId: carol.deviceId, actor: 'Carol', fingerprint: fingerprintOf(pat, 'Alice') },
    });
    await expect(importBundle(pat, claim)).rejects.toThrow(/reached this laptop through others, written by Carol; but it is signed by Alice's key/);
    // Carol's own bundle is welcome.
    await exchange(carol, pat, audit.id);
    expect(pat.sqlite.prepare('SELECT actor FROM device_keys WHERE device_id = ?').get(carol.deviceId)).toEqual({ actor: 'Carol' });
  });
});
