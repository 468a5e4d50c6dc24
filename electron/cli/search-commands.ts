import type { SearchPage } from '../../shared/api/search';
import { call, printJson } from './command-kit';
import type { CommandSpec } from './spec';
import { UsageError } from './usage';

// Full-text search from the command line: the same search.query the app's Ctrl+K uses.

const fields = { query: 'QUERY', auditId: '--audit', limit: '--limit', offset: '--offset' };

const count = (value: unknown, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) throw new UsageError(`${flag} must be a whole number.`);
  return Number(value);
};

/** The snippet with each match between asterisks, on one line. */
function marked(snippet: SearchPage['hits'][number]['snippet']): string {
  let text = '';
  let at = 0;
  for (const [start, end] of snippet.marks) {
    text += `${snippet.text.slice(at, start)}*${snippet.text.slice(start, end)}*`;
    at = end;
  }
  return (text + snippet.text.slice(at)).replace(/\s+/g, ' ').trim();
}

export const searchCommands: CommandSpec[] = [
  {
    name: 'search',
    synopsis: 'QUERY [--audit ID] [--limit N] [--offset N] [--json]',
    summary: 'Search findings, interviews, notes, war-room entries, evidence and imported log lines, best match first',
    details: [
      'QUERY is plain words (several arguments are one query); "quoted words" are a phrase, and the last word also matches as a prefix.',
      'Each hit names what to open: its kind, its id, and for a log line its import and line number.',
      '--limit N    hits per page (1–100, 20 unless said); --offset N starts later (the line at the end says where the next page starts)',
    ],
    options: { audit: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      if (args.length === 0) throw new UsageError('Name the QUERY to search for.');
      const input = {
        query: args.join(' '),
        ...(typeof values.audit === 'string' ? { auditId: values.audit } : {}),
        ...(values.limit !== undefined ? { limit: count(values.limit, '--limit') } : {}),
        ...(values.offset !== undefined ? { offset: count(values.offset, '--offset') } : {}),
      };
      const page = (await call(() => open({ mustExist: true }), 'search.query', input, fields)) as SearchPage;
      if (values.json) return printJson(io, page), 0;
      if (page.notice) io.out(page.notice);
      for (const hit of page.hits) {
        const where = hit.type === 'log-line' ? `evidence ${hit.id}, import ${hit.importId}, line ${hit.line}` : `${hit.type} ${hit.id}`;
        io.out(`${hit.type.padEnd(10)} ${hit.title}  (${where})`);
        io.out(`           ${marked(hit.snippet)}`);
      }
      if (page.hits.length > 0) {
        const next = page.nextOffset === null ? '' : ` Next page: --offset ${page.nextOffset}`;
        io.out(`${page.offset + 1}–${page.offset + page.hits.length} of ${page.total} match${page.total === 1 ? '' : 'es'}.${next}`);
      }
      return 0;
    },
  },
];
