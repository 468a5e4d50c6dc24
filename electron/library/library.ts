import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ControlLibrary, Framework, frameworkIds, type Control, type FrameworkId } from '../../shared/api/library';
import { describeIssues } from '../../shared/api/format';

// The control library and the framework identifiers it maps to, shipped in resources/ and read once.
// A library that cites an identifier missing from its framework's list is refused, not shown.

export interface Library {
  controls: ControlLibrary;
  frameworks: Framework[];
  controlsById: Map<string, Control>;
}

const cache = new Map<string, Library>();

export function loadLibrary(appRoot: string): Library {
  const cached = cache.get(appRoot);
  if (cached) return cached;
  const resources = path.join(appRoot, 'resources');
  const controls = readJson(path.join(resources, 'library', 'controls.json'), ControlLibrary);
  const frameworks = frameworkIds.map((id) => readJson(path.join(resources, 'frameworks', `${id}.json`), Framework));
  const library: Library = { controls, frameworks, controlsById: new Map(controls.controls.map((c) => [c.id, c])) };
  const problems = mappingProblems(library);
  if (problems.length > 0) throw new Error(`The control library cites identifiers its frameworks do not have:\n${problems.join('\n')}`);
  cache.set(appRoot, library);
  return library;
}

/** Every mapping that names an identifier not in that framework's list, and every duplicate control id. */
export function mappingProblems(library: Pick<Library, 'controls' | 'frameworks'>): string[] {
  const problems: string[] = [];
  const valid = new Map<FrameworkId, Set<string>>(library.frameworks.map((f) => [f.framework, new Set(f.requirements.map((r) => r.id))]));
  const seen = new Set<string>();
  for (const control of library.controls.controls) {
    if (seen.has(control.id)) problems.push(`${control.id}: the id is used twice`);
    seen.add(control.id);
    for (const framework of frameworkIds) {
      for (const id of control.mappings[framework]) {
        if (!valid.get(framework)?.has(id)) problems.push(`${control.id}: ${framework} has no requirement "${id}"`);
      }
    }
  }
  return problems;
}

function readJson<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not valid: ${describeIssues(parsed.error.issues, undefined)}`);
  return parsed.data;
}
