import { describe, expect, it } from 'vitest';
import { warroomContract } from '../../shared/api/warroom';
import { createAudit } from '../audits/service';
import { createRelease } from '../releases/service';
import { testCore } from '../../tests/helpers/temp';
import { readPages } from '../../tests/helpers/pages';
import { pageEntries } from './log';
import { addEntry, warRoomBoard, warRoomStatus } from './service';

// The war-room log comes a page at a time, newest first, each entry with whether a correction voided
// it; the status board sends what the log adds up to and how many entries it holds, not the entries.

const minute = (n: number) => new Date(Date.parse('2026-11-20T22:00:00.000Z') + n * 60_000).toISOString();

function night(count: number) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const release = createRelease(core, { auditId: audit.id, identifier: 'PAY-1', windowStart: '2026-11-20T22:00:00.000Z' });
  const ids = Array.from({ length: count }, (_, i) => addEntry(core, { releaseId: release.id, kind: 'note', body: { text: `note ${i}` }, at: minute(i) }).id);
  return { core, release, ids };
}

const readAll = (core: ReturnType<typeof testCore>, releaseId: string, limit: number, between?: (page: number) => void) =>
  readPages((cursor) => pageEntries(core, { releaseId, cursor, limit }), limit, between);

describe('the war-room log in pages', () => {
  it('gives every entry once, newest first, with the total; the board counts them and sends none', () => {
    const { core, release, ids } = night(23);
    expect(pageEntries(core, { releaseId: release.id, cursor: null, limit: 5 }).total).toBe(23);
    expect(readAll(core, release.id, 5)).toEqual([...ids].reverse());
    const status = warRoomStatus(core, release.id);
    expect(status.entryCount).toBe(23);
    expect(status).not.toHaveProperty('entries');
  });

  it('marks voided and corrected entries as the whole board does, on every page', () => {
    const { core, release, ids } = night(8);
    const voiding = addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: ids[1], reason: 'wrong node', void: true }, at: minute(9) });
    addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: ids[2], reason: 'typo' }, at: minute(10) });
    // Voiding the void undoes it.
    addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: ids[3], reason: 'mistake', void: true }, at: minute(11) });
    const undo = addEntry(core, { releaseId: release.id, kind: 'correction', body: { correctsId: voiding.id, reason: 'the void was a mistake', void: true }, at: minute(12) });
    const paged = new Map<string, { voided: boolean; correctedBy: string[] }>();
    let cursor: string | null = null;
    do {
      const page = pageEntries(core, { releaseId: release.id, cursor, limit: 3 });
      for (const r of page.rows) paged.set(r.id, { voided: r.voided, correctedBy: r.correctedBy });
      cursor = page.nextCursor;
    } while (cursor);
    const whole = warRoomBoard(core, release.id).entries;
    expect(paged.size).toBe(whole.length);
    for (const e of whole) expect(paged.get(e.id), e.id).toEqual({ voided: e.voided, correctedBy: e.correctedBy });
    expect(paged.get(ids[1]!)).toMatchObject({ voided: false });
    expect(paged.get(ids[3]!)).toMatchObject({ voided: true });
    expect(paged.get(voiding.id)).toMatchObject({ voided: true, correctedBy: [undo.id] });
  });

  it('neither repeats nor skips an entry when entries are logged between two pages', () => {
    const { core, release, ids } = night(20);
    const seen = readAll(core, release.id, 6, (page) => {
      if (page === 0) for (let i = 0; i < 4; i += 1) addEntry(core, { releaseId: release.id, kind: 'note', body: { text: `late ${i}` }, at: minute(30 + i) });
    });
    expect(seen).toEqual([...ids].reverse());
    expect(pageEntries(core, { releaseId: release.id, cursor: null, limit: 1 }).total).toBe(24);
  });

  it('refuses a cursor it did not give and limits outside 1–1000, in plain words', () => {
    const { core, release } = night(2);
    expect(() => pageEntries(core, { releaseId: release.id, cursor: 'garbage', limit: 5 })).toThrow(/cursor: not a cursor given by an earlier page of this list/);
    expect(() => pageEntries(core, { releaseId: release.id, cursor: Buffer.from('["a","b"]').toString('base64url'), limit: 5 })).toThrow(/cursor: not a cursor/);
    expect(() => pageEntries(core, { releaseId: '0190a1b2-0000-7000-8000-000000000000', cursor: null, limit: 5 })).toThrow(/There is no release/);
    const input = warroomContract['warroom.entries'].input;
    expect(input.safeParse({ releaseId: release.id, limit: 0 }).error?.issues[0]?.message).toBe('must be at least 1');
    expect(input.safeParse({ releaseId: release.id, limit: 1001 }).error?.issues[0]?.message).toBe('must be at most 1000');
  });

  it('reads a page along the index, without sorting the log', () => {
    const { core, release } = night(1);
    const plan = (core.sqlite.prepare('EXPLAIN QUERY PLAN SELECT id FROM warroom_entries WHERE release_id = ? AND (at, recorded_at, id) < (?, ?, ?) ORDER BY at DESC, recorded_at DESC, id DESC LIMIT 5').all(release.id, 'z', 'z', 'z') as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/warroom_entries_release_page_idx/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
