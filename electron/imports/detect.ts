import { AppError } from '../../shared/api/errors';
import type { Detection } from '../../shared/api/imports';
import { csvField } from './servicenow';
import { parseCsv } from './csv';
import { detectSbomJson, detectSbomXml, detectSpdxTagValue } from './sbom-detect';
import { stripAnsi } from './text';

// Which importer reads a file, judged from its first 64 KiB (never its name). Binary files and text of
// another kind are refused with one sentence saying what the file seems to be.

const magic: Array<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or an Office document)'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF binary)'],
  [[0x4d, 0x5a], 'a Windows program'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

const WANTED = 'a pipeline log, deployment log, change record, git log or test report';

function refuse(sentence: string): never {
  throw new AppError('VALIDATION', sentence);
}

function binaryKind(head: Buffer): string | null {
  for (const [bytes, name] of magic) if (bytes.every((b, i) => head[i] === b)) return name;
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return 'UTF-16 text';
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) if (byte === 0 || (byte < 9) || (byte > 13 && byte < 27) || (byte > 27 && byte < 32)) control += 1;
  if (sample.includes(0) || (sample.length > 0 && control / sample.length > 0.05)) return 'binary data';
  return null;
}

const count = (lines: string[], re: RegExp) => lines.reduce((n, line) => (re.test(line) ? n + 1 : n), 0);
const found = (kind: Detection['kind'], confidence: number, reason: string): Detection => ({ kind, confidence: Math.min(1, Math.round(confidence * 100) / 100), reason });

function detectJson(text: string): Detection {
  const has = (re: RegExp) => re.test(text);
  const sbom = detectSbomJson(text);
  if (sbom) return sbom;
  if (has(/"\$schema"\s*:\s*"[^"]*sarif/i) || (has(/"version"\s*:\s*"2\.1\.0"/) && has(/"runs"\s*:\s*\[/) && has(/"tool"\s*:/))) return found('sarif', 0.95, 'A SARIF log (its $schema or version 2.1.0, with runs and a tool).');
  if (has(/"sys_class_name"\s*:\s*"change_request"/) || (has(/"number"\s*:\s*(?:\{[^}]*)?"CHG\d+/) && has(/"(?:result|records)"\s*:/))) return found('servicenow-json', 0.95, 'JSON with ServiceNow change_request records (CHG numbers, Table API fields).');
  if (has(/"sysapproval"\s*:/) && has(/"approver"\s*:/)) return found('servicenow-json', 0.8, 'JSON with ServiceNow approval records.');
  if (has(/"records"\s*:\s*\[/) && has(/"type"\s*:\s*"(?:Stage|Phase|Job|Task|Checkpoint)"/)) return found('azure-devops', 0.95, 'JSON with Azure DevOps timeline records of type Stage, Job or Task.');
  if (has(/"buildNumber"\s*:/) && has(/"_links"|"definition"\s*:|"requestedFor"/)) return found('azure-devops', 0.9, 'JSON with an Azure DevOps build (buildNumber, definition, requestedFor).');
  if (has(/"key"\s*:\s*"[A-Z][A-Z0-9_]+-\d+"/) && has(/"fields"\s*:/)) return found('jira', 0.95, 'JSON with Jira issues (an issue key and its fields).');
  if (has(/"plays"\s*:\s*\[/) && (has(/"stats"\s*:/) || has(/"tasks"\s*:/))) return found('ansible-json', 0.95, 'JSON from the Ansible json callback (plays, tasks, stats).');
  return refuse('This looks like JSON but is not a ServiceNow, Jira, Azure DevOps, Ansible, SARIF, CycloneDX, SPDX or OpenVEX file: it has none of "sys_class_name", a CHG number, timeline "records", "buildNumber", an issue "key" with "fields", "plays", SARIF "runs", "bomFormat", "spdxVersion" or an openvex "@context".');
}

function detectXml(text: string): Detection {
  const root = /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>\s*)?(?:<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.:-]*)/.exec(text)?.[1];
  const local = root?.replace(/^[^:]+:/, '');
  const sbom = detectSbomXml(text, local);
  if (sbom) return sbom;
  if (local === 'testsuites' || local === 'testsuite') {
    const cases = (text.match(/<testcase\b/g) ?? []).length;
    return found('junit', cases > 0 ? 0.95 : 0.8, `JUnit XML test report (root <${local}>${cases > 0 ? `, ${cases} test cases in its first part` : ''}).`);
  }
  return refuse(`This is an XML file${root ? ` whose root element is <${root.slice(0, 60)}>` : ''}, not a JUnit test report (<testsuites> or <testsuite>) or a CycloneDX <bom>.`);
}

function detectYaml(text: string): Detection | null {
  const api = /^apiVersion:\s*(\S+)/m.exec(text)?.[1];
  const kind = /^kind:\s*(\S+)/m.exec(text)?.[1];
  if (!api || !kind) return null;
  if (api.startsWith('argoproj.io/') && kind === 'Rollout') return found('argo-rollout', 0.95, `YAML of an Argo Rollouts Rollout (${api}).`);
  if (api.startsWith('argoproj.io/') && kind === 'AnalysisRun') return found('argo-analysisrun', 0.95, `YAML of an Argo Rollouts AnalysisRun (${api}).`);
  if (kind === 'List' && /kind:\s*(Rollout|AnalysisRun)\b/.test(text) && /argoproj\.io\//.test(text)) {
    return found(/kind:\s*AnalysisRun\b/.test(text) ? 'argo-analysisrun' : 'argo-rollout', 0.85, 'A Kubernetes List holding Argo Rollouts objects.');
  }
  return refuse(`This is a Kubernetes ${kind} (${api}), not an Argo Rollouts Rollout or AnalysisRun.`);
}

function detectCsv(lines: string[], text: string): Detection | null {
  const first = lines[0] ?? '';
  if (!first.includes(',') || /^\s*[{[]/.test(first)) return null;
  const header = parseCsv(`${first}\n`)[0]?.cells ?? [];
  if (header.length < 3) return null;
  const fields = header.map(csvField).filter(Boolean);
  if (fields.includes('number') && fields.length >= 3 && /(^|\n|,)"?CHG\d+/.test(text)) return found('servicenow-csv', 0.9, `A CSV export with ServiceNow change columns (${fields.slice(0, 5).join(', ')}) and CHG numbers.`);
  if (header.every((cell) => cell.length < 80)) refuse(`This is a CSV table (columns ${header.slice(0, 4).map((c) => `"${c}"`).join(', ')}…), not a ServiceNow change request export: it has no change number column with CHG numbers.`);
  return null;
}

export function detectContent(head: Buffer, truncated: boolean): Detection {
  if (head.length === 0) refuse(`This file is empty, so it is not ${WANTED}.`);
  const binary = binaryKind(head);
  if (binary) refuse(`This file is ${binary}, not ${WANTED}.`);
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A head cut in the middle of a line or a multi-byte character: drop that last partial line.
  if (truncated && text.includes('\n')) text = text.slice(0, text.lastIndexOf('\n'));
  const lines = stripAnsi(text).replace(/\r\n?/g, '\n').split('\n');
  const plain = lines.join('\n');
  const trimmed = plain.trimStart();
  if (trimmed === '') refuse(`This file holds only blank lines, so it is not ${WANTED}.`);
  if (/^(?:\{|\[\s*(?:[{["\]]|-?\d+(?:\.\d+)?\s*[,\]]|true\b|false\b|null\b|$))/.test(trimmed)) return detectJson(plain);
  if (trimmed.startsWith('<')) return detectXml(trimmed);
  const tagValue = detectSpdxTagValue(plain);
  if (tagValue) return tagValue;
  const yaml = detectYaml(plain);
  if (yaml) return yaml;
  const sample = lines.slice(0, 2000);
  const n = Math.max(1, sample.filter((l) => l.trim() !== '').length);
  const gha = count(sample, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z (?!\d{2}[OE]\+? )/);
  const ghaMarks = count(sample, /^\S+Z ##\[(?:group|endgroup|error|warning|section)\]/);
  if (gha / n > 0.6 && (ghaMarks > 0 || /Current runner version|Runner name:|Job is about to start running/.test(plain))) return found('github-actions', 0.6 + 0.4 * (gha / n), `${gha} of ${n} lines have GitHub Actions timestamps, with ${ghaMarks} ##[…] markers.`);
  const gitlab = count(sample, /section_(?:start|end):\d{9,11}:/);
  if (gitlab > 0 || /Running with gitlab-runner \d/.test(plain)) return found('gitlab-ci', gitlab > 0 ? 0.95 : 0.8, `GitLab runner output${gitlab ? ` with ${gitlab} section markers` : ''}.`);
  const pipeline = count(sample, /\[Pipeline\] /);
  const jenkins = pipeline + count(sample, /^(?:\[[^\]]+\] )?(?:Started by |Finished: (?:SUCCESS|FAILURE|ABORTED|UNSTABLE|NOT_BUILT)|Building in workspace |Running in Durability level|Obtained Jenkinsfile from|Running as SYSTEM|Checking out Revision )/);
  if (jenkins > 0) return found('jenkins', Math.min(1, 0.6 + jenkins / 20), `Jenkins console output (${pipeline} [Pipeline] markers, ${jenkins - pipeline} Jenkins status lines).`);
  const ansible = count(sample, /^(?:PLAY|TASK|RUNNING HANDLER) \[.*\] \*{3,}|^PLAY RECAP \*{3,}/);
  if (ansible > 0) return found('ansible', Math.min(1, 0.6 + ansible / 10), `ansible-playbook output (${ansible} PLAY/TASK banners).`);
  const commits = count(sample, /^commit [0-9a-f]{7,64}\b/);
  if (commits > 0 && /^(?:Author|Merge):\s/m.test(plain)) return found('git-log', Math.min(1, 0.7 + commits / 20), `git log output (${commits} commit headers).`);
  const csv = detectCsv(lines, plain);
  if (csv) return csv;
  return refuse(`This file is text but not ${WANTED} that can be read here: it has none of the markers of Jenkins, GitHub Actions, GitLab, Ansible, git log or a ServiceNow export.`);
}
