import { AppError } from '../../shared/api/errors';
import type { FactSink } from './sink';
import { isObject, num, str, type Json, type Locator } from './structured';
import { clip } from './text';

// SARIF 2.1.0 (OASIS), from any scanner: runs[].tool.driver (name, version, rules), runs[].results[]
// (ruleId or rule.id or the rule at ruleIndex, level — else the rule's defaultConfiguration level,
// else "warning" as the standard says —, message.text or the rule's message string with its
// arguments, the first physical location, fingerprints, suppressions with their justification).

const LEVELS = ['error', 'warning', 'note', 'none'] as const;
type Level = (typeof LEVELS)[number];
const level = (value: unknown): Level | null => (typeof value === 'string' && (LEVELS as readonly string[]).includes(value) ? (value as Level) : null);

function messageText(message: unknown, rule: Json | undefined): string {
  if (!isObject(message)) return '';
  const direct = str(message.text) ?? str(message.markdown);
  if (direct) return direct;
  // A message may name one of the rule's message strings, with {0}-style arguments.
  const id = str(message.id);
  const strings = rule && isObject(rule.messageStrings) ? rule.messageStrings : {};
  const template = id && isObject(strings[id]) ? str((strings[id] as Json).text) : null;
  if (!template) return '';
  const args = Array.isArray(message.arguments) ? message.arguments : [];
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => str(args[Number(n)]) ?? whole);
}

export function parseSarif(value: unknown, loc: Locator, sink: FactSink): void {
  if (!isObject(value) || !Array.isArray(value.runs)) throw new AppError('VALIDATION', 'This JSON is not a SARIF log: it has no "runs" list.');
  const version = str(value.version);
  if (version !== null && version !== '2.1.0') throw new AppError('VALIDATION', `This SARIF log is version ${clip(version, 20)}; only SARIF 2.1.0 is read.`);
  value.runs.forEach((run, r) => {
    if (!isObject(run)) return;
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const tool = str(driver.name) ?? '(unnamed tool)';
    const rules = Array.isArray(driver.rules) ? driver.rules.filter(isObject) : [];
    const byId = new Map<string, Json>(rules.map((rule) => [str(rule.id) ?? '', rule]));
    const levels: Record<string, number> = {};
    let suppressed = 0;
    const results = Array.isArray(run.results) ? run.results : [];
    results.forEach((result, i) => {
      if (!isObject(result)) return;
      const ruleRef = isObject(result.rule) ? result.rule : {};
      const index = num(result.ruleIndex) ?? num(ruleRef.index);
      const ruleId = str(result.ruleId) ?? str(ruleRef.id) ?? (index !== null ? str(rules[index]?.id) : null);
      const rule = (index !== null ? rules[index] : undefined) ?? (ruleId !== null ? byId.get(ruleId) ?? byId.get(ruleId.split('/')[0] ?? '') : undefined);
      const defaults = rule && isObject(rule.defaultConfiguration) ? rule.defaultConfiguration : {};
      const kind = str(result.kind);
      // A result of another kind than "fail" (pass, review, open, informational…) has level none.
      const lvl = level(result.level) ?? (kind !== null && kind !== 'fail' ? 'none' : level(defaults.level) ?? 'warning');
      const physical = Array.isArray(result.locations) && isObject(result.locations[0]) && isObject(result.locations[0].physicalLocation) ? result.locations[0].physicalLocation : {};
      const artifact = isObject(physical.artifactLocation) ? str(physical.artifactLocation.uri) : null;
      const region = isObject(physical.region) ? physical.region : {};
      const prints = isObject(result.fingerprints) ? result.fingerprints : isObject(result.partialFingerprints) ? result.partialFingerprints : {};
      const firstPrint = Object.values(prints).map(str).find((p) => p !== null) ?? null;
      const suppressions = Array.isArray(result.suppressions) ? result.suppressions.filter(isObject) : [];
      // A suppression under review or rejected does not hide the result (SARIF §3.35.3).
      const active = suppressions.find((s) => str(s.status) === null || str(s.status) === 'accepted');
      const shown = active ?? suppressions[0];
      const properties = rule && isObject(rule.properties) ? rule.properties : {};
      const resultProps = isObject(result.properties) ? result.properties : {};
      levels[lvl] = (levels[lvl] ?? 0) + 1;
      if (active) suppressed += 1;
      sink.add({
        kind: 'scan-result',
        lines: loc.lines(['runs', r, 'results', i]),
        tool,
        ruleId,
        level: lvl,
        securitySeverity: num(resultProps['security-severity']) ?? num(properties['security-severity']),
        message: clip(messageText(result.message, rule)),
        location: artifact,
        startLine: num(region.startLine),
        fingerprint: firstPrint,
        suppressed: active !== undefined,
        suppression: shown ? { kind: str(shown.kind), status: str(shown.status), justification: str(shown.justification) } : null,
      });
    });
    sink.add({ kind: 'scan-run', lines: loc.lines(['runs', r, 'tool']), tool, version: str(driver.semanticVersion) ?? str(driver.version), levels, suppressed });
  });
}
