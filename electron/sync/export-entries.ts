import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { canonicalJson } from '../ledger/canonical';
import type { LedgerRow } from '../ledger/ledger';
import { IndexedScope } from '../ledger/replay-scope';
import { isRecordKind, recordKind } from '../registry/registry';
import type { Core } from '../services';
import { bundleLimits } from './bundle-file';
import type { BundleEntry, Manifest } from './format';

// A bundle's entries.jsonl, written to a file as the ledger is read (a window of each device's chain
// at a time) and hashed on the way: every entry of the audit, entries of other audits as stubs that
// keep the chains linked, and the evidence files the entries name. Runs inside the export's read
// transaction; what it holds at once is one window and the stubs since the last entry of the audit.

const WINDOW = 2000;
const FLUSH_BYTES = 1024 * 1024;

export interface CollectedEntries {
  ranges: Manifest['ranges'];
  objects: string[];
  entries: number;
  stubs: number;
  entriesBytes: number;
  entriesSha256: string;
}

class LineFile {
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  bytes = 0;
  lines = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w', 0o600);
  }

  write(line: string): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    this.lines += 1;
    this.bytes += bytes.length;
    if (this.lines > bundleLimits.maxEntries || this.bytes > bundleLimits.maxEntriesBytes) {
      throw new AppError(
        'VALIDATION',
        `This audit's history (over ${this.lines - 1} entries or ${bundleLimits.maxEntriesBytes} bytes) is over what one bundle may carry (${bundleLimits.maxEntries} entries, ${bundleLimits.maxEntriesBytes} bytes): export for a peer, so that only what it has not seen goes.`,
      );
    }
    this.hash.update(bytes);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes > 0) fs.writeSync(this.fd, Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): string {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
    return this.hash.digest('hex');
  }
}

type StubRow = { seq: number; hlc: string; prevHash: string; hash: string };

export function collectEntries(core: Core, auditId: string, have: Record<string, number>, base: Map<string, number>, file: string): CollectedEntries {
  const scope = new IndexedScope(core.sqlite);
  const fullRows = core.sqlite.prepare(
    `SELECT device_id AS deviceId, seq, hlc, actor, entity, entity_id AS entityId, op, fields, prev_clocks AS prevClocks, prev_hash AS prevHash, hash
     FROM ledger WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq`,
  );
  const stubRows = core.sqlite.prepare('SELECT seq, hlc, prev_hash AS prevHash, hash FROM ledger_stubs WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq');
  const out = new LineFile(file);
  const ranges: Manifest['ranges'] = [];
  const objects = new Set<string>();
  let entries = 0;
  let stubs = 0;
  let closed = false;
  try {
    for (const deviceId of Object.keys(have).sort()) {
      const to = have[deviceId] as number;
      const from = Math.min(base.get(deviceId) ?? 0, to);
      if (to <= from) continue;
      let lastFull = -1;
      // Stubs only link the entries after them: those after the device's last entry of the audit are dropped.
      let held: string[] = [];
      for (let low = from; low < to; low += WINDOW) {
        const high = Math.min(to, low + WINDOW);
        const full = new Map((fullRows.all(deviceId, low, high) as LedgerRow[]).map((row) => [row.seq, row]));
        const stubbed = new Map((stubRows.all(deviceId, low, high) as StubRow[]).map((row) => [row.seq, row]));
        for (let seq = low + 1; seq <= high; seq += 1) {
          const row = full.get(seq);
          // A kind of record this app does not know has no owner to decide which audit's bundle it goes in: it is never shipped.
          if (row && !isRecordKind(row.entity)) {
            throw new AppError('INTEGRITY', `Entry #${seq} of device ${deviceId}'s record is of a kind of record this app does not know (${JSON.stringify(row.entity.slice(0, 60))}): the bundle was not written. Run verify.`);
          }
          const fields = row ? (JSON.parse(row.fields) as Record<string, unknown>) : null;
          const owner = row ? scope.auditOf(row.entity, row.entityId) : null;
          if (row && fields && (owner === auditId || owner === null || owner === undefined)) {
            const line: BundleEntry = { ...row, fields, prevClocks: JSON.parse(row.prevClocks) as Record<string, string | null> };
            for (const stub of held) out.write(stub);
            stubs += held.length;
            held = [];
            out.write(canonicalJson(line));
            entries += 1;
            lastFull = seq;
            const vaultFile = recordKind(row.entity)?.vaultFile;
            const sha = vaultFile ? fields[vaultFile] : undefined;
            if (typeof sha === 'string') {
              if (!core.vault.has(sha)) throw new AppError('INTEGRITY', `The vault is missing the file ${sha.slice(0, 12)}… that ${row.entity} ${row.entityId} holds: run verify before exporting.`);
              objects.add(sha);
            }
          } else {
            const stub = row ?? stubbed.get(seq);
            if (!stub) throw new AppError('INTEGRITY', `This laptop's copy of device ${deviceId}'s record is missing entry #${seq}: run verify.`);
            held.push(canonicalJson({ stub: true, deviceId, seq, hlc: stub.hlc, prevHash: stub.prevHash, hash: stub.hash } satisfies BundleEntry));
          }
        }
      }
      // A chain with no entry of the audit is left out.
      if (lastFull >= 0) ranges.push({ deviceId, from, to: lastFull });
    }
    closed = true;
    return { ranges, objects: [...objects].sort(), entries, stubs, entriesBytes: out.bytes, entriesSha256: out.close() };
  } finally {
    if (!closed) out.close();
  }
}
