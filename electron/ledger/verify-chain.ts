import type Database from 'better-sqlite3';
import type { VerifyProblem } from '../../shared/api/system';
import { GENESIS_HASH, entryHash, parseLedgerRow, type LedgerEntry, type LedgerRow } from './ledger';

// Recomputes every device's chain: numbering without gaps, each entry's hash over its own contents,
// each link to the entry before, and the remembered head at the end.

export interface ChainCheck {
  problems: VerifyProblem[];
  entries: number;
  devices: number;
  heads: Array<{ deviceId: string; seq: number; hash: string }>;
}

const selectRows = `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields,
  prev_clocks AS prevClocks, prev_hash AS prevHash, hash FROM ledger WHERE device_id = ? ORDER BY seq`;

interface Stub {
  seq: number;
  hlc: string;
  prevHash: string;
  hash: string;
}

export function verifyChains(sqlite: Database.Database, expectHeads: string[] = []): ChainCheck {
  const problems: VerifyProblem[] = [];
  const heads = sqlite.prepare('SELECT device_id AS deviceId, seq, hash FROM ledger_heads ORDER BY device_id').all() as ChainCheck['heads'];
  const deviceRows = sqlite
    .prepare('SELECT device_id AS deviceId FROM ledger UNION SELECT device_id AS deviceId FROM ledger_stubs')
    .all() as Array<{ deviceId: string }>;
  const stubsOf = sqlite.prepare('SELECT seq, hlc, prev_hash AS prevHash, hash FROM ledger_stubs WHERE device_id = ? ORDER BY seq');
  const devices = new Set([...deviceRows.map((d) => d.deviceId), ...heads.map((h) => h.deviceId)]);
  let entries = 0;
  for (const deviceId of [...devices].sort()) {
    const at = (seq: number | string) => `device ${deviceId}, entry #${seq}`;
    let expectedSeq = 1;
    let previous: { hlc: string } | undefined;
    let previousHash = GENESIS_HASH;
    // Entries of audits not shared with this laptop are stubs: their place in the chain, no contents.
    // They are read as a stream beside the entries, in the same order.
    const stubs = (stubsOf.iterate(deviceId) as IterableIterator<Stub>)[Symbol.iterator]();
    let nextStub = stubs.next();
    const walkStubsBefore = (seq: number) => {
      while (!nextStub.done && nextStub.value.seq < seq) {
        const stub = nextStub.value;
        nextStub = stubs.next();
        entries += 1;
        if (stub.seq !== expectedSeq) problems.push({ area: 'ledger', location: at(stub.seq), message: `the chain has a gap before this entry (expected #${expectedSeq}).` });
        if (stub.prevHash !== previousHash) {
          problems.push({ area: 'ledger', location: at(stub.seq), message: 'it does not link to the entry before it: entries were inserted, removed or reordered.' });
        }
        if (previous && stub.hlc <= previous.hlc) problems.push({ area: 'ledger', location: at(stub.seq), message: 'its clock is not later than the entry before it: entries were reordered.' });
        previous = stub;
        previousHash = stub.hash;
        expectedSeq = stub.seq + 1;
      }
    };
    for (const row of sqlite.prepare(selectRows).iterate(deviceId) as Iterable<LedgerRow>) {
      walkStubsBefore(row.seq);
      const sameStub = nextStub.done ? undefined : nextStub.value;
      if (sameStub && sameStub.seq === row.seq) {
        nextStub = stubs.next();
        if (sameStub.hash !== row.hash) problems.push({ area: 'ledger', location: at(row.seq), message: 'the entry and the stub that stood for it differ: one of them was changed.' });
      }
      entries += 1;
      if (row.seq !== expectedSeq) {
        problems.push({
          area: 'ledger',
          location: at(row.seq),
          message:
            row.seq > expectedSeq
              ? `${row.seq - 1 === expectedSeq ? `entry #${expectedSeq} is` : `entries #${expectedSeq}–#${row.seq - 1} are`} missing: the chain has a gap (entries deleted).`
              : `entry number ${row.seq} is out of sequence (expected #${expectedSeq}).`,
        });
      }
      let entry: LedgerEntry;
      try {
        entry = parseLedgerRow(row);
      } catch {
        problems.push({ area: 'ledger', location: at(row.seq), message: 'its fields are not valid JSON: the entry was edited.' });
        expectedSeq = row.seq + 1;
        previousHash = row.hash;
        continue;
      }
      const { hash, ...unsigned } = entry;
      if (entryHash(unsigned) !== hash) {
        problems.push({
          area: 'ledger',
          location: at(row.seq),
          message: `its contents no longer match its hash (${describeEntry(entry)}): the entry was edited or moved.`,
        });
      }
      if (entry.prevHash !== previousHash) {
        problems.push({
          area: 'ledger',
          location: at(row.seq),
          message: 'it does not link to the entry before it: entries were inserted, removed or reordered.',
        });
      }
      if (previous && entry.hlc <= previous.hlc) {
        problems.push({
          area: 'ledger',
          location: at(row.seq),
          message: 'its clock is not later than the entry before it: entries were reordered.',
        });
      }
      previous = entry;
      previousHash = hash;
      expectedSeq = row.seq + 1;
    }
    walkStubsBefore(Number.MAX_SAFE_INTEGER);
    const head = heads.find((h) => h.deviceId === deviceId);
    const lastSeq = expectedSeq - 1;
    if (!head) {
      problems.push({ area: 'ledger', location: `device ${deviceId}`, message: 'the chain has no recorded head: the ledger was altered.' });
    } else if (head.seq !== lastSeq || head.hash !== previousHash) {
      problems.push({
        area: 'ledger',
        location: at(head.seq),
        message:
          head.seq > lastSeq
            ? `the chain ends at #${lastSeq} but its head records #${head.seq}: entries were removed from the end.`
            : `the chain's last entry (#${lastSeq}) is not the recorded head (#${head.seq}): entries were added or changed outside the app.`,
      });
    }
  }
  // A head noted outside the app (in a report, an email) must still be in the chain: this is what
  // catches entries removed from the end together with a rewritten head.
  const hashAt = sqlite.prepare('SELECT device_id AS deviceId, seq FROM ledger WHERE hash = ?');
  for (const hash of expectHeads) {
    if (!hashAt.get(hash)) {
      problems.push({ area: 'ledger', location: `head ${hash}`, message: 'this ledger head, noted earlier, is no longer in the ledger: entries were removed or rewritten since.' });
    }
  }
  return { problems, entries, devices: devices.size, heads };
}

function describeEntry(entry: LedgerEntry): string {
  return `${entry.op} of ${entry.entity} ${entry.entityId}`;
}
