import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { sourceRoot } from '../paths';

// The commands for findings, the checklist, the war room and finalising, and the usage texts, as a
// person or a pipeline runs them: the real bin, in its own process, on a real data folder.

const bin = path.join(sourceRoot, 'bin', 'release-audit.js');
const ANY_ID = '01900000-0000-7000-8000-000000000000';

function ra(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A data folder and a function running the bin on it. */
function folder(actor = 'Ada Auditor') {
  const dir = tempDir();
  const run = (...args: string[]) => ra('--data-dir', dir, '--actor', actor, ...args);
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await run(...args, '--json');
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  return { dir, run, json };
}

describe('release-audit help and usage errors', () => {
  it('prints the overview, one command\'s usage with COMMAND --help or help COMMAND, and a group\'s commands', async () => {
    const overview = await ra('--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/^Usage: release-audit .*<command>/);
    for (const name of ['audit finalise', 'checklist record', 'finding add', 'finding status', 'warroom add', 'warroom list']) expect(overview.stdout).toContain(`  ${name} `);

    const own = await ra('finding', 'add', '--help');
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/^Usage: release-audit \[--data-dir DIR\] \[--actor NAME\] finding add --audit ID --title TEXT/);
    expect(own.stdout).toContain('--severity   critical, major, minor, informational');
    expect(own.stdout).not.toContain('Commands:');
    const viaHelp = await ra('help', 'finding', 'add');
    expect(viaHelp).toEqual(own);

    const warroom = await ra('help', 'warroom', 'add');
    for (const kind of ['step-started', 'node-status', 'halt-check', 'rollback-finished', 'correction']) expect(warroom.stdout).toContain(`  ${kind} `);
    expect(warroom.stdout).toContain('--observed OBSERVED --threshold THRESHOLD --decision DECISION');

    const group = await ra('finding');
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('release-audit finding list --audit ID');
    expect(group.stderr).not.toContain('audit create');
  });

  it('says in one line what was wrong, under the command\'s own usage, exits 2 and creates nothing', async () => {
    const dir = path.join(tempDir(), 'never-created');
    const cases: Array<[string[], string]> = [
      [['finding', 'add', '--audit', ANY_ID, '--title', 'T', '--severity', 'huge'], 'release-audit finding add: --severity must be one of critical, major, minor, informational.'],
      [['finding', 'add', '--audit', ANY_ID, '--title', 'T', '--due', '31/01/2026'], 'release-audit finding add: --due must be a date like 2026-01-31.'],
      [['finding', 'add', '--audit', ANY_ID], 'release-audit finding add: --title is required.'],
      [['finding', 'add', '--audit', ANY_ID, '--title', ' '], 'release-audit finding add: --title is required.'],
      [['finding', 'add', '--audit', ANY_ID, '--title', 'x'.repeat(301)], 'release-audit finding add: --title must be at most 300 characters.'],
      [['finding', 'add', '--audit', 'x', '--title', 'T'], 'release-audit finding add: --audit must be a record identifier (a UUID).'],
      [['audit', 'list', '--colour', 'red'], 'release-audit audit list: --colour is not an option of `audit list`.'],
      [['audit', 'create', '--name'], 'release-audit audit create: --name needs a value.'],
      [['audit', 'finalise'], 'release-audit audit finalise: Name the audit ID.'],
      [['checklist', 'record', '--audit', ANY_ID, 'RA-RFC-01', 'maybe'], 'release-audit checklist record: The result must be one of pass, fail, not-applicable, not-tested.'],
      [['warroom', 'add', '--release', ANY_ID, 'halt-check', '--observed', 'lots', '--threshold', '5', '--decision', 'continue'], 'release-audit warroom add: --observed must be a number from 0 to 100.'],
      [['warroom', 'add', '--release', ANY_ID, 'halt-check', '--observed', '3', '--threshold', '5', '--decision', 'go'], 'release-audit warroom add: --decision must be continue or halt.'],
      [['warroom', 'add', '--release', ANY_ID, 'node-status', '--node', 'api-1', '--status', 'broken'], 'release-audit warroom add: --status must be one of pending, in-progress, succeeded, failed, rolled-back.'],
      [['finding', 'status', ANY_ID, 'fixed'], 'release-audit finding status: STATUS must be one of draft, open, in-remediation, ready-for-verification, closed, risk-accepted.'],
      [['warroom', 'add', '--release', ANY_ID, 'note', '--node', 'api-1'], 'release-audit warroom add: --node is not a field of a note entry; it takes --text.'],
      [['warroom', 'add', '--release', ANY_ID, 'note'], 'release-audit warroom add: --text is required.'],
      [['warroom', 'add', '--release', ANY_ID, 'party'], 'release-audit warroom add: KIND must be one of step-started, step-finished, node-status, deviation, on-the-fly-change, change-approved, halt-check, rollback-started, rollback-finished, note, correction.'],
      [['warroom', 'add', '--release', ANY_ID, 'rollback-finished', '--outcome', 'recovered', '--rto', '1.5'], 'release-audit warroom add: --rto must be a whole number of minutes.'],
    ];
    for (const [argv, line] of cases) {
      const result = await ra('--data-dir', dir, ...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0], argv.join(' ')).toBe(line);
      expect(lines[1]).toMatch(new RegExp(`^Usage: release-audit \\[--data-dir DIR\\] \\[--actor NAME\\] ${argv[0]} ${argv[1]}`));
      expect(lines.length, argv.join(' ')).toBeLessThanOrEqual(3);
      expect(result.stdout).toBe('');
    }
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('release-audit findings, checklist, war room and finalising', () => {
  it('raises, lists, edits and moves findings through the app\'s own workflow rules', async () => {
    const { run, json } = folder();
    const audit = await json<{ id: string }>('audit', 'create', '--name', 'Payments Q4');
    const finding = await json<{ id: string; status: string; severity: string; controlId: string }>(
      'finding', 'add', '--audit', audit.id, '--title', 'CAB approval missing', '--severity', 'critical', '--control', 'RA-RFC-01', '--owner', 'Jo Smith', '--due', '2026-12-31',
    );
    expect(finding).toMatchObject({ status: 'draft', severity: 'critical', controlId: 'RA-RFC-01' });
    const listed = await run('finding', 'list', '--audit', audit.id);
    expect(listed.stdout).toMatch(new RegExp(`${finding.id}  draft +critical +RA-RFC-01 +CAB approval missing`));
    expect(listed.stdout).toContain('owner Jo Smith, due 2026-12-31');

    const early = await run('finding', 'status', finding.id, 'open');
    expect(early.code).toBe(2);
    expect(early.stderr.trim()).toBe('release-audit: The finding cannot leave draft without its criteria, condition, cause, effect, recommendation.');
    const unknownControl = await run('finding', 'update', finding.id, '--control', 'RA-ZZZ-99');
    expect(unknownControl.code).toBe(2);
    expect(unknownControl.stderr).toContain('RA-ZZZ-99 is not a control of the library');

    const parts = ['--criteria', 'Policy 4.2', '--condition', 'No CAB record', '--cause', 'Rushed', '--effect', 'Unreviewed change', '--recommendation', 'Enforce the gate'];
    const updated = await run('finding', 'update', finding.id, ...parts);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('Saved finding');
    const noEvidence = await run('finding', 'status', finding.id, 'open');
    expect(noEvidence.stderr).toContain('without at least one piece of evidence');
    const file = path.join(tempDir(), 'cab.txt');
    fs.writeFileSync(file, 'no CAB minutes for RFC-1');
    const evidence = await json<{ id: string }>('evidence', 'add', '--audit', audit.id, file);
    expect((await run('api', 'evidence.link', JSON.stringify({ evidenceId: evidence.id, targetType: 'finding', targetId: finding.id }))).code).toBe(0);
    expect((await run('finding', 'status', finding.id, 'open')).stdout.trim()).toBe(`Finding ${finding.id} is now open.`);
    const skip = await run('finding', 'status', finding.id, 'closed');
    expect(skip.code).toBe(1);
    expect(skip.stderr.trim()).toBe('release-audit: A finding that is open cannot become closed; it can become in-remediation or risk-accepted.');
    const accepted = await json<{ status: string; acceptedBy: string }>('finding', 'status', finding.id, 'risk-accepted', '--accepted-by', 'CISO', '--reason', 'Legacy system');
    expect(accepted).toMatchObject({ status: 'risk-accepted', acceptedBy: 'CISO' });

    const draft = await json<{ id: string }>('finding', 'add', '--audit', audit.id, '--title', 'Typo');
    expect((await run('finding', 'discard', draft.id)).code).toBe(0);
    expect((await json<Array<{ id: string }>>('finding', 'list', '--audit', audit.id)).map((f) => f.id)).toEqual([finding.id]);
  });

  it('pins a checklist, lists it item by item and records results per release and for the audit', async () => {
    const { run, json } = folder();
    const audit = await json<{ id: string }>('audit', 'create', '--name', 'Checklist run');
    const release = await json<{ id: string; identifier: string }>('release', 'create', '--audit', audit.id, '--identifier', 'R-2026.11', '--system', 'Payments');
    expect((await run('release', 'list', '--audit', audit.id)).stdout).toContain(`${release.id}  R-2026.11  Payments`);
    expect((await run('checklist', 'list', '--audit', audit.id)).stdout).toMatch(/No checklist is pinned/);
    const notPinned = await run('checklist', 'record', '--audit', audit.id, 'RA-RFC-01', 'pass');
    expect(notPinned.code).toBe(2);
    expect(notPinned.stderr).toContain('Pin a checklist template version to the audit');

    const [template] = await json<Array<{ id: string }>>('template', 'list');
    const pinned = await run('checklist', 'pin', '--audit', audit.id, '--template', template!.id);
    expect(pinned.stdout).toMatch(/is pinned to Release audit — standard v1/);
    const checklist = await json<{ items: Array<{ key: string; title: string }> }>('checklist', 'list', '--audit', audit.id);
    const [first, second] = checklist.items;
    const recorded = await json<{ result: string; releaseId: string; note: string }>('checklist', 'record', '--audit', audit.id, '--release', release.id, first!.key, 'pass', '--note', 'CAB minutes attached');
    expect(recorded).toMatchObject({ result: 'pass', releaseId: release.id, note: 'CAB minutes attached' });
    expect((await run('checklist', 'record', '--audit', audit.id, second!.key, 'na')).stdout).toContain(`Recorded ${second!.key}: not-applicable for the whole audit.`);

    const text = (await run('checklist', 'list', '--audit', audit.id)).stdout;
    expect(text).toMatch(new RegExp(`${first!.key} +R-2026\\.11: pass +`));
    expect(text).toMatch(new RegExp(`${second!.key} +audit: not-applicable`));
    expect(text).toContain('note (R-2026.11): CAB minutes attached');
    expect((await run('checklist', 'list', '--audit', audit.id, '--release', release.id)).stdout).toMatch(new RegExp(`${first!.key} +pass +`));
    const wrongItem = await run('checklist', 'record', '--audit', audit.id, 'NO-SUCH-ITEM', 'fail');
    expect(wrongItem.code).toBe(2);
    expect(wrongItem.stderr).toMatch(/"NO-SUCH-ITEM" is not an item of v1/);
    expect((await json<{ status: string }>('audit', 'show', audit.id)).status).toBe('fieldwork');
  });

  it('logs every kind of war-room entry and reads the log back', async () => {
    const { run, json } = folder();
    const audit = await json<{ id: string }>('audit', 'create', '--name', 'War room');
    const release = await json<{ id: string }>('release', 'create', '--audit', audit.id, '--identifier', 'R-1');
    const steps = [{ title: 'Drain traffic' }, { title: 'Deploy' }];
    const withRunbook = JSON.parse((await run('api', 'releases.saveRunbook', JSON.stringify({ releaseId: release.id, steps }))).stdout) as { runbook: Array<{ id: string }> };
    const [drain] = withRunbook.runbook;
    const add = (...args: string[]) => json<{ id: string; kind: string }>('warroom', 'add', '--release', release.id, ...args);
    await add('step-started', '--step', drain!.id);
    await add('step-finished', '--step', drain!.id);
    await add('node-status', '--node', 'api-1', '--status', 'failed');
    await add('deviation', '--text', 'Skipped the smoke test', '--step', drain!.id);
    const change = await add('on-the-fly-change', '--text', 'Raised the pool size');
    await add('change-approved', '--change', change.id, '--approved-by', 'Change manager');
    await add('halt-check', '--label', 'Error rate', '--batch', '1', '--observed', '7.5', '--threshold', '5', '--decision', 'halt');
    await add('rollback-started', '--mode', 'manual', '--reason', 'Errors over threshold');
    await add('rollback-finished', '--outcome', 'recovered', '--rto', '30');
    const note = await add('note', '--text', 'Bridge call closed');
    await add('correction', '--corrects', note.id, '--reason', 'Wrong release', '--void');

    const again = await run('warroom', 'add', '--release', release.id, 'step-started', '--step', drain!.id);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^release-audit: "Drain traffic" has already started/);
    const future = await run('warroom', 'add', '--release', release.id, 'note', '--text', 'x', '--at', '2199-01-01T00:00:00.000Z');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('an entry cannot be dated in the future');

    const board = await json<{ entries: Array<{ kind: string; voided: boolean }>; nodes: unknown[] }>('warroom', 'list', '--release', release.id);
    expect(board.entries.map((e) => e.kind)).toEqual(['step-started', 'step-finished', 'node-status', 'deviation', 'on-the-fly-change', 'change-approved', 'halt-check', 'rollback-started', 'rollback-finished', 'note', 'correction']);
    expect(board.entries.find((e) => e.kind === 'note')?.voided).toBe(true);
    const text = (await run('warroom', 'list', '--release', release.id)).stdout;
    expect(text).toMatch(/node-status +Ada Auditor: node="api-1" status="failed"/);
    expect(text).toContain('[VOIDED; corrected by');
    expect(text).toContain('Nodes: api-1 failed');
    expect(text).toContain('Halt threshold breached: Error rate 7.5% over 5%, decision halt');
    expect(text).toMatch(/Rollback \(manual\) from .* recovered/);
  });

  it('shows what is incomplete, finalises only with --yes, and then the audit no longer changes', async () => {
    const { run, json } = folder();
    const audit = await json<{ id: string }>('audit', 'create', '--name', 'To finalise');
    const draft = await json<{ id: string }>('finding', 'add', '--audit', audit.id, '--title', 'Half written');
    const preview = await run('audit', 'finalise', audit.id);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain('Still incomplete:');
    expect(preview.stdout).toContain('No release is recorded.');
    expect(preview.stdout).toContain('Draft findings, which stop finalising (1): Half written');
    expect(preview.stdout).toContain('Not finalised');
    const refused = await run('audit', 'finalise', audit.id, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 finding(s) are still drafts');
    expect((await json<{ status: string }>('audit', 'show', audit.id)).status).toBe('planning');

    await run('finding', 'discard', draft.id);
    const unconcluded = await run('audit', 'finalise', audit.id, '--yes');
    expect(unconcluded.code).toBe(1);
    expect(unconcluded.stdout).toContain('No overall conclusion, which stops finalising');
    expect(unconcluded.stderr).toContain('no overall conclusion yet');
    await run('api', 'plans.save', JSON.stringify({ auditId: audit.id, conclusionRating: 'satisfactory', conclusionText: 'Nothing to report.' }));
    const done = await run('audit', 'finalise', audit.id, '--yes');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Finalised "To finalise" at \d{4}-/);
    expect((await run('audit', 'show', audit.id)).stdout).toMatch(/Status: finalised, finalised \d{4}-/);
    expect((await run('audit', 'finalise', audit.id)).stdout).toContain('already finalised');
    expect((await run('audit', 'finalise', audit.id, '--yes')).code).toBe(1);
    const late = await run('finding', 'add', '--audit', audit.id, '--title', 'Too late');
    expect(late.code).not.toBe(0);
    expect(late.stderr).toMatch(/finalised/i);
    expect((await run('verify')).code).toBe(0);
  });
});
