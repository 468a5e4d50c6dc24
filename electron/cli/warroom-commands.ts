import type { EntryKind, WarRoomBoard, WarRoomEntry, WarRoomLogEntry, WarRoomLogPage, WarRoomStatus } from '../../shared/api/warroom';
import { argsExactly, call, flagProblem, noExtraArgs, printJson, required } from './command-kit';
import type { CommandSpec, OptionSpec } from './spec';
import { UsageError } from './usage';

// The war-room log of a release from the command line: read it, and append an entry of any kind.
// Each entry's fields are checked by the same schema as the app's forms, then by the service.

/** For each kind of entry: its fields and the flags that give them (API name → flag). */
export const entryFlags: Record<EntryKind, Record<string, string>> = {
  'step-started': { stepId: 'step' },
  'step-finished': { stepId: 'step' },
  'node-status': { node: 'node', status: 'status' },
  deviation: { text: 'text', stepId: 'step' },
  'on-the-fly-change': { text: 'text' },
  'change-approved': { changeEntryId: 'change', approvedBy: 'approved-by' },
  'halt-check': { label: 'label', batch: 'batch', observedPercent: 'observed', thresholdPercent: 'threshold', decision: 'decision' },
  'rollback-started': { mode: 'mode', reason: 'reason' },
  'rollback-finished': { outcome: 'outcome', rtoTargetMinutes: 'rto' },
  note: { text: 'text' },
  correction: { correctsId: 'corrects', reason: 'reason', void: 'void' },
};
const numberFields = new Set(['observedPercent', 'thresholdPercent', 'rtoTargetMinutes']);
const booleanFlags = new Set(['void']);
const bodyOptions: Record<string, OptionSpec> = Object.fromEntries(
  Object.values(entryFlags).flatMap((flags) => Object.values(flags).map((flag) => [flag, { type: booleanFlags.has(flag) ? 'boolean' : 'string' } as OptionSpec])),
);
const kindList = Object.keys(entryFlags) as EntryKind[];

/** One entry's body, in a line: `node=api-1 status=failed`. */
function bodyLine(entry: WarRoomEntry): string {
  return Object.entries(entry.body)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
}

export const warroomCommands: CommandSpec[] = [
  {
    name: 'warroom list',
    synopsis: '--release ID [--json]',
    summary: "A release's war-room log, oldest first, with the nodes' status, open changes and halts",
    options: { release: { type: 'string' }, json: { type: 'boolean' } },
    async run({ open, values, args, io }) {
      noExtraArgs(args);
      const releaseId = required(values, 'release');
      const status = (await call(() => open({ mustExist: true }), 'warroom.board', { releaseId }, { releaseId: '--release' })) as WarRoomStatus;
      // The log comes in pages, newest first: read them all, and print it oldest first.
      const newestFirst: WarRoomLogEntry[] = [];
      for (let cursor: string | null = null; ; ) {
        const page = (await call(() => open({ mustExist: true }), 'warroom.entries', { releaseId, cursor, limit: 1000 }, { releaseId: '--release' })) as WarRoomLogPage;
        newestFirst.push(...page.rows);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const { entryCount: _count, ...rest } = status;
      const board: WarRoomBoard = { ...rest, entries: newestFirst.reverse() };
      if (values.json) return printJson(io, board), 0;
      if (board.entries.length === 0) io.out('The war-room log of this release is empty. Add an entry with: release-audit warroom add --release ID KIND …');
      for (const e of board.entries) {
        const marks = [e.voided && 'VOIDED', e.correctedBy.length > 0 && `corrected by ${e.correctedBy.join(', ')}`].filter(Boolean).join('; ');
        io.out(`${e.at}  ${e.kind.padEnd(17)} ${e.actor}: ${bodyLine(e)}${marks ? `  [${marks}]` : ''}  (${e.id})`);
      }
      if (board.nodes.length > 0) io.out(`Nodes: ${board.nodes.map((n) => `${n.node} ${n.status}`).join(', ')}`);
      for (const c of board.pendingChanges) io.out(`Change waiting for approval (${c.entryId}): ${c.text}`);
      for (const h of board.haltBreaches) io.out(`Halt threshold breached: ${h.label} ${h.observedPercent}% over ${h.thresholdPercent}%, decision ${h.decision}`);
      for (const r of board.rollbacks) io.out(`Rollback (${r.mode}) from ${r.startedAt}${r.finishedAt ? ` to ${r.finishedAt}: ${r.outcome}, ${r.minutes} min${r.rtoMet === null ? '' : r.rtoMet ? ', RTO met' : ', RTO MISSED'}` : ', still running'}`);
      return 0;
    },
  },
  {
    name: 'warroom add',
    synopsis: '--release ID KIND [fields] [--at TIME] [--json]',
    summary: "Append one entry to a release's war-room log (entries are never edited; a correction is an entry)",
    details: [
      'KIND and its fields:',
      ...kindList.map((kind) => `  ${kind.padEnd(18)} ${Object.values(entryFlags[kind]).map((flag) => (booleanFlags.has(flag) ? `[--${flag}]` : `--${flag} ${flag.toUpperCase()}`)).join(' ')}`),
      'Steps (--step) are runbook step ids (api releases.get); --change and --corrects are entry ids from',
      'warroom list. --at: when it happened if not now, a UTC time like 2026-11-20T22:10:00.000Z.',
    ],
    options: { release: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' }, ...bodyOptions },
    async run({ open, values, args, io }) {
      const [kind] = argsExactly(args, `KIND of entry: ${kindList.join(', ')}`);
      const releaseId = required(values, 'release');
      if (!Object.hasOwn(entryFlags, kind as string)) throw new UsageError(`KIND must be one of ${kindList.join(', ')}.`);
      const flags = entryFlags[kind as EntryKind];
      const taken = new Set(Object.values(flags));
      const stray = Object.keys(bodyOptions).find((flag) => values[flag] !== undefined && !taken.has(flag));
      if (stray) throw new UsageError(`--${stray} is not a field of a ${kind} entry; it takes ${[...taken].map((f) => `--${f}`).join(', ')}.`);
      const body: Record<string, unknown> = {};
      for (const [field, flag] of Object.entries(flags)) {
        const value = values[flag];
        if (value === undefined) continue;
        body[field] = numberFields.has(field) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      }
      // The same schema as the app's form, so a refusal names the flag before anything is opened.
      const [{ entryBodies }, { describeIssues }] = await Promise.all([import('../../shared/api/warroom'), import('../../shared/api/format')]);
      const checked = entryBodies[kind as EntryKind].safeParse(body);
      if (!checked.success) {
        const named = Object.fromEntries(Object.entries(flags).map(([field, flag]) => [field, `--${flag}`]));
        throw new UsageError(flagProblem(describeIssues, checked.error.issues, body, named) ?? `Not recorded: ${describeIssues(checked.error.issues, body)}.`);
      }
      const input = { releaseId, kind, body, ...(typeof values.at === 'string' ? { at: values.at } : {}) };
      const entry = (await call(() => open({ mustExist: true }), 'warroom.add', input, { releaseId: '--release', at: '--at', kind: 'KIND' })) as WarRoomEntry;
      if (values.json) return printJson(io, entry), 0;
      io.out(`Logged ${entry.kind} at ${entry.at} (${entry.id}): ${bodyLine(entry)}`);
      return 0;
    },
  },
];
