import type { FrameworkId } from '../../../shared/api/library';
import type { Release } from '../../../shared/api/releases';
import type { TemplateItem } from '../../../shared/api/templates';
import { releaseStages } from '../../../shared/enums';
import type { ReportData } from '../data';
import type { ReportContext } from '../document';
import { GROUP, heading, keepHeadings, present, ReportClock, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';
import { guidanceFor } from '../../../shared/api/training';
import { formatDate } from '../../../shared/time';

// The pinned checklist item by item, and coverage that does not flatter: an item of the pinned version
// with no result for a release is NOT ASSESSED, counted beside passed, failed, not applicable and not
// tested, overall, per stage and per framework (through the control library's mappings).

export type Assessment = 'pass' | 'fail' | 'not-applicable' | 'not-tested' | 'not-assessed';
const order: Assessment[] = ['pass', 'fail', 'not-applicable', 'not-tested', 'not-assessed'];
export const assessmentLabels: Record<Assessment, string> = { pass: 'Passed', fail: 'Failed', 'not-applicable': 'Not applicable', 'not-tested': 'Not tested', 'not-assessed': 'NOT ASSESSED' };
const colours: Record<Assessment, string> = { pass: '#1b6e2d', fail: '#b3261e', 'not-applicable': '#555555', 'not-tested': '#8a6d00', 'not-assessed': '#b3261e' };

type Result = ReportData['results'][number];

/** One item as assessed for one release (or for the whole audit when it has no release). */
export interface Slot {
  release: Release | null;
  item: TemplateItem;
  result: Result | null;
  /** Recorded for the whole audit, not for this release. */
  auditWide: boolean;
  assessment: Assessment;
}

/** Every item of the pinned version for every release: its own result, else the audit-wide one, else none. */
export function slots(data: ReportData): Slot[] {
  const byKey = new Map(data.results.map((r) => [`${r.releaseId ?? ''}:${r.itemKey}`, r]));
  const releases: Array<Release | null> = data.releases.length ? data.releases : [null];
  return releases.flatMap((release) =>
    data.items.map((item) => {
      const own = release ? byKey.get(`${release.id}:${item.key}`) : undefined;
      const wide = byKey.get(`:${item.key}`);
      const result = own ?? wide ?? null;
      return { release, item, result, auditWide: !own && Boolean(wide), assessment: (result?.result ?? 'not-assessed') as Assessment };
    }),
  );
}

export type Counts = Record<Assessment, number> & { total: number };

export function countOf(list: Slot[]): Counts {
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, 'not-tested': 0, 'not-assessed': 0, total: list.length };
  for (const s of list) counts[s.assessment] += 1;
  return counts;
}

/** "5 passed, 2 failed, 1 not applicable, 1 not tested, 61 NOT ASSESSED of 70 item checks." */
export function coverageSentence(c: Counts): string {
  return `${c.pass} passed, ${c.fail} failed, ${c['not-applicable']} not applicable, ${c['not-tested']} not tested and ${c['not-assessed']} NOT ASSESSED (no result recorded), of ${c.total} item check${c.total === 1 ? '' : 's'}.`;
}

function frameworkSlots(data: ReportData, list: Slot[], framework: FrameworkId): Slot[] {
  return list.filter((s) => s.item.controlId && (data.mappings.get(s.item.controlId)?.[framework].length ?? 0) > 0);
}

const countRow = (label: string, c: Counts): Content[] => [
  { text: label, fontSize: 9 },
  ...[c.total, ...order.map((a) => c[a])].map((n, i) => ({ text: String(n), alignment: 'right', fontSize: 9, bold: i === 5 && n > 0, color: i === 5 && n > 0 ? colours['not-assessed'] : '#222222' })),
];
const countHeader = ['', 'Checks', 'Passed', 'Failed', 'N/A', 'Not tested', 'Not assessed'];
const countWidths = ['*', 38, 38, 38, 30, 44, 50];

export function checklistSection(context: ReportContext): Content {
  const { data } = context;
  const pinned = data.audit.pinnedTemplate;
  const all = slots(data);
  const parts: Content[] = [sectionHeading(context, 'checklist', 'Checklist results and coverage')];
  if (!pinned || data.items.length === 0) return [...parts, { text: 'No checklist template version is pinned to this audit, so no checklist item was assessed.', style: 'muted' }];
  const total = countOf(all);
  parts.push({
    text: `Checklist ${pinned.name} v${pinned.version}: ${data.items.length} items, checked for ${data.releases.length ? `each of ${data.releases.length} release${data.releases.length === 1 ? '' : 's'}` : 'the audit as a whole'}. ${coverageSentence(total)}`,
    margin: [0, 0, 0, 6],
  });
  const stages = releaseStages.filter((s) => all.some((x) => x.item.stage === s));
  parts.push(
    ...keepHeadings([heading('Coverage by stage', GROUP),
    table(countWidths, countHeader, [...stages.map((s) => countRow(data.stageTitles.get(s) ?? s, countOf(all.filter((x) => x.item.stage === s)))), countRow('All items', total)]),
    heading('Coverage by framework', GROUP),
    {
      stack: [
        { text: 'Items whose control the library maps to the framework.', style: 'muted', margin: [0, 0, 0, 4] },
        table(countWidths, ['Framework', ...countHeader.slice(1)], data.frameworks.map((f) => countRow(f.title, countOf(frameworkSlots(data, all, f.id))))),
      ],
    }]),
  );
  parts.push(...failedItems(context, all.filter((s) => s.assessment === 'fail')));
  const groups = data.releases.length ? data.releases.map((r) => ({ release: r, list: all.filter((s) => s.release?.id === r.id) })) : [{ release: null, list: all }];
  for (const { release, list } of groups) {
    const title = release ? `Items for ${release.identifier}` : 'Items for the audit as a whole';
    parts.push(groupHeading(context, { id: `checklist-${release?.id ?? 'audit'}`, title, parentId: 'checklist' }), itemTable(context, list, release));
  }
  return parts;
}

function failedItems(context: ReportContext, failed: Slot[]): Content[] {
  const parts: Content[] = [heading('Failed items', GROUP)];
  if (failed.length === 0) return [...parts, { text: 'No item failed.', style: 'muted' }];
  return [
    ...parts,
    table(
      [90, 60, '*', 110],
      ['Release', 'Item', 'Note', 'Finding'],
      failed.map((s) => {
        const finding = s.result?.findingId ? context.view.refs.get(s.result.findingId) : undefined;
        return [
          { text: s.release?.identifier ?? 'whole audit', fontSize: 9 },
          { text: s.item.key, fontSize: 9, noWrap: true },
          { text: [{ text: `${s.item.title}. `, bold: true }, s.result?.note ?? ''], fontSize: 9 },
          finding ? { text: finding.hidden ? `${finding.ref} (withheld)` : finding.ref, fontSize: 9, bold: true } : { text: 'no finding raised', fontSize: 9, color: '#b3261e' },
        ];
      }),
    ),
  ];
}

function itemTable(context: ReportContext, list: Slot[], release: Release | null): Content {
  const clock = release ? new ReportClock(release.timeZone) : context.clock;
  return table(
    [58, '*', 60, 122, 48],
    ['Item', 'Check', 'Result', 'Recorded', 'Evidence'],
    list.map((s) => {
      const evidence = context.view.shownEvidence(s.result?.evidence ?? []).map((e) => context.view.evidenceRef(e)).filter(Boolean);
      return [
        { text: s.item.key, fontSize: 8, noWrap: true },
        { stack: present([{ text: s.item.title, fontSize: 8 }, s.result?.note ? { text: `Note: ${s.result.note}`, fontSize: 8, color: '#444444' } : '', guidanceLine(context, s)]) },
        { text: `${assessmentLabels[s.assessment]}${s.auditWide ? ' (audit-wide)' : ''}`, fontSize: 8, bold: s.assessment === 'fail' || s.assessment === 'not-assessed', color: colours[s.assessment] },
        s.result ? { stack: [{ text: s.result.recordedBy, fontSize: 8 }, clock.at(s.result.recordedAt, { fontSize: 7 })] } : { text: '—', fontSize: 8 },
        { text: evidence.join(', ') || '—', fontSize: 8 },
      ];
    }),
  );
}

/** The interpretation agreed in calibration for the item's control, from the session's date on (the day it was checked, or the report's). */
function guidanceLine(context: ReportContext, s: Slot): Content {
  const agreed = s.item.controlId ? guidanceFor(context.data.calibrations ?? [], s.item.controlId, s.result?.recordedAt ?? context.options.generatedAt)[0] : undefined;
  return agreed ? { text: `Guidance (calibration of ${formatDate(agreed.heldOn)}): ${agreed.interpretation}`, fontSize: 8, italics: true, color: '#444444' } : '';
}
