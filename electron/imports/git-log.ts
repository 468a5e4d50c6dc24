import type { FactOf } from '../../shared/api/imports';
import type { FactSink, ImportOptions, LineParser } from './sink';
import { clip, ticketsIn } from './text';
import { readGitDate } from './time';

// `git log` in its default, --pretty=fuller and --decorate forms: a `commit <hash> (refs)` header,
// Merge/Author/Date (or AuthorDate/Commit/CommitDate) lines, then the message indented by four spaces.

const HEADER = /^commit ([0-9a-f]{7,64})((?: [0-9a-f]{7,64})*)(?: \((.*)\))?$/;

export function gitLogParser(sink: FactSink, options: ImportOptions): LineParser {
  let commit: FactOf<'commit'> | null = null;
  let message: string[] = [];

  const flush = () => {
    if (!commit) return;
    const text = message.join('\n');
    commit.subject = clip(message.find((line) => line.trim() !== '')?.trim() ?? '', 500);
    commit.tickets = ticketsIn(text, options.ticketPatterns);
    sink.add(commit);
    for (const ref of commit.refs) {
      const tag = /^tag: (?:refs\/tags\/)?(.+)$/.exec(ref);
      if (tag?.[1]) sink.add({ kind: 'tag', lines: [commit.lines[0], commit.lines[0]], name: tag[1], commit: commit.hash });
    }
    commit = null;
    message = [];
  };

  return {
    line(text, lineNumber) {
      const header = HEADER.exec(text);
      if (header?.[1]) {
        flush();
        const refs = header[3] ? header[3].split(', ').map((ref) => ref.trim()).filter(Boolean) : [];
        commit = {
          kind: 'commit', lines: [lineNumber, lineNumber], hash: header[1], parents: header[2]?.trim().split(' ').filter(Boolean) ?? [],
          author: '', authoredAt: null, committer: null, committedAt: null, subject: '', tickets: [], refs,
        };
        return;
      }
      if (!commit) return;
      if (text.trim() !== '') commit.lines[1] = lineNumber;
      if (text.startsWith('    ') || (text === '' && message.length > 0)) {
        if (message.length < 2000) message.push(text.slice(4));
        return;
      }
      const field = /^(Merge|Author|AuthorDate|Commit|CommitDate|Date):\s+(.*)$/.exec(text);
      if (!field?.[2]) return;
      const value = field[2].trim();
      if (field[1] === 'Merge') commit.parents = value.split(' ');
      else if (field[1] === 'Author') commit.author = value;
      else if (field[1] === 'Commit') commit.committer = value;
      else if (field[1] === 'Date' || field[1] === 'AuthorDate') commit.authoredAt = readGitDate(value);
      else if (field[1] === 'CommitDate') commit.committedAt = readGitDate(value);
    },
    finish() {
      sink.ended = true;
      flush();
    },
  };
}
