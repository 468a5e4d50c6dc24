import { describe, expect, it } from 'vitest';
import { frameworkIds } from '../../shared/api/library';
import { releaseStages } from '../../shared/enums';
import { sourceRoot } from '../paths';
import { defaultTemplateContent } from '../templates/default-template';
import { frameworkCoverage } from './coverage';
import { loadLibrary, mappingProblems } from './library';

const library = loadLibrary(sourceRoot);

describe('shipped control library', () => {
  it('maps every control only to identifiers listed for its framework', () => {
    expect(mappingProblems(library)).toEqual([]);
  });

  it('fails on any mapping that is not in the framework list', () => {
    const broken = structuredClone(library.controls);
    broken.controls[0]!.mappings.cobit2019.push('BAI99');
    broken.controls[1]!.mappings.iso20000.push('8.5.9');
    expect(mappingProblems({ controls: broken, frameworks: library.frameworks })).toEqual([
      `${broken.controls[0]!.id}: cobit2019 has no requirement "BAI99"`,
      `${broken.controls[1]!.id}: iso20000 has no requirement "8.5.9"`,
    ]);
  });

  it('has at least 60 controls, covering every release stage, each mapped in all four frameworks', () => {
    expect(library.controls.controls.length).toBeGreaterThanOrEqual(60);
    for (const stage of releaseStages) expect(library.controls.controls.filter((c) => c.stage === stage).length, stage).toBeGreaterThanOrEqual(5);
    for (const control of library.controls.controls) {
      for (const framework of frameworkIds) expect(control.mappings[framework].length, `${control.id} ${framework}`).toBeGreaterThan(0);
      expect(control.evidenceExpected.length).toBeGreaterThan(0);
    }
  });

  it('lists the real framework catalogues: 34 ITIL 4 practices, 40 COBIT 2019 objectives, ISO 20000-1:2018 clauses, COSO principles', () => {
    const byId = Object.fromEntries(library.frameworks.map((f) => [f.framework, f]));
    expect(byId.itil4?.requirements).toHaveLength(34);
    expect(byId.cobit2019?.requirements).toHaveLength(40);
    const cobit = new Map(byId.cobit2019?.requirements.map((r) => [r.id, r.title]));
    expect(cobit.get('BAI06')).toBe('Managed IT Changes');
    expect(cobit.get('BAI07')).toBe('Managed IT Change Acceptance and Transitioning');
    const iso = new Map(byId.iso20000?.requirements.map((r) => [r.id, r.title]));
    expect(iso.get('8.5.3')).toBe('Release and deployment management');
    expect(iso.get('8.5.1')).toBe('Change management');
    const itil = new Set(byId.itil4?.requirements.map((r) => r.id));
    for (const practice of ['change-enablement', 'release-management', 'deployment-management', 'service-validation-and-testing']) expect(itil.has(practice)).toBe(true);
    expect(byId.soxitgc?.requirements.filter((r) => r.id.startsWith('COSO-P'))).toHaveLength(17);
  });

  it('covers the topics auditors look for at each stage', () => {
    const text = library.controls.controls.map((c) => `${c.title} ${c.objective}`.toLowerCase()).join('\n');
    for (const topic of ['cab', 'sign', 'backup', 'blackout', 'drift', 'smoke', 'rollback', 'cmdb', 'licen', 'vulnerab', 'emergency', 'runbook', 'monitor']) {
      expect(text, topic).toContain(topic);
    }
  });

  it('shows which template controls cover each release-relevant requirement, and the gaps', () => {
    const full = frameworkCoverage(library, 'cobit2019', 'v', defaultTemplateContent(library));
    const bai06 = full.rows.find((row) => row.id === 'BAI06');
    expect(bai06?.controls.map((c) => c.id)).toContain('RA-RFC-01');
    expect(full.rows.every((row) => library.frameworks.find((f) => f.framework === 'cobit2019')!.requirements.find((r) => r.id === row.id)?.releaseRelevant)).toBe(true);
    expect(full.covered + full.gaps).toBe(full.rows.length);
    const one = defaultTemplateContent(library);
    one.items = one.items.filter((item) => item.key === 'RA-RFC-01');
    const thin = frameworkCoverage(library, 'cobit2019', 'v', one);
    expect(thin.rows.filter((row) => row.controls.length > 0).map((row) => row.id)).toEqual(['BAI06']);
    expect(thin.gaps).toBe(thin.rows.length - 1);
  });

  it('counts a parent clause as covered through its sub-clauses', () => {
    const content = defaultTemplateContent(library);
    content.items = content.items.filter((item) => library.controlsById.get(item.controlId ?? '')?.mappings.iso20000.includes('8.5.1.3'));
    expect(content.items.length).toBeGreaterThan(0);
    const iso = frameworkCoverage(library, 'iso20000', 'v', content);
    const parent = iso.rows.find((row) => row.id === '8.5.1');
    if (parent) expect(parent.controls.length).toBeGreaterThan(0);
    expect(iso.rows.find((row) => row.id === '8.5.1.3')?.controls.length).toBeGreaterThan(0);
  });
});
