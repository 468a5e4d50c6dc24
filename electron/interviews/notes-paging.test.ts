import { describe, expect, it } from 'vitest';
import { interviewsContract } from '../../shared/api/interviews';
import { createAudit } from '../audits/service';
import { readPages } from '../../tests/helpers/pages';
import { testCore } from '../../tests/helpers/temp';
import { addInterviewNote, createInterview, listInterviewNotes, pageInterviewNotes } from './service';

// An interview's notes come a page at a time, oldest first, with the total; notes added between two
// pages come after the cursor, so none already there repeats or goes missing.

function interviewWith(count: number) {
  const core = testCore();
  const audit = createAudit(core, { name: 'Q4', description: '' });
  const interview = createInterview(core, { auditId: audit.id, interviewee: 'Dana Ops' });
  const ids = Array.from({ length: count }, (_, i) => addInterviewNote(core, { interviewId: interview.id, text: `note ${i}` }).id);
  return { core, interview, ids };
}

describe("an interview's notes in pages", () => {
  it('gives every note once, oldest first, with the total, and notes added between pages after the rest', () => {
    const { core, interview, ids } = interviewWith(17);
    const seen = readPages((cursor) => pageInterviewNotes(core, { interviewId: interview.id, cursor, limit: 5 }), 5, (page) => {
      if (page === 0) for (let i = 0; i < 3; i += 1) ids.push(addInterviewNote(core, { interviewId: interview.id, text: `later ${i}` }).id);
    });
    expect(seen).toEqual(ids);
    expect(seen).toEqual(listInterviewNotes(core, interview.id).map((n) => n.id));
    expect(pageInterviewNotes(core, { interviewId: interview.id, cursor: null, limit: 1 }).total).toBe(20);
  });

  it('refuses a cursor it did not give and limits outside 1–1000, in plain words', () => {
    const { core, interview } = interviewWith(1);
    expect(() => pageInterviewNotes(core, { interviewId: interview.id, cursor: 'garbage', limit: 5 })).toThrow(/cursor: not a cursor given by an earlier page of this list/);
    expect(() => pageInterviewNotes(core, { interviewId: '0190a1b2-0000-7000-8000-000000000000', cursor: null, limit: 5 })).toThrow(/There is no interview/);
    const input = interviewsContract['interviews.notes'].input;
    expect(input.safeParse({ interviewId: interview.id, limit: 0 }).error?.issues[0]?.message).toBe('must be at least 1');
    expect(input.safeParse({ interviewId: interview.id, limit: 1001 }).error?.issues[0]?.message).toBe('must be at most 1000');
    const plan = (core.sqlite.prepare('EXPLAIN QUERY PLAN SELECT id FROM interview_notes WHERE interview_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT 5').all(interview.id, 'a', 'b') as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/interview_notes_page_idx/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
