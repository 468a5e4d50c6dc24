import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyCause, emergencyCauses, OTHER, UNSTATED } from './emergency-causes';

// Emergency justifications written in different words fall in the same normalised cause.

describe('the normalised cause of an emergency release', () => {
  it('groups the same cause written differently', () => {
    expect(emergencyCause('SEV1 outage of checkout', '')).toBe('Production incident or outage');
    expect(emergencyCause('prod incident INC-42: service down', '')).toBe('Production incident or outage');
    expect(emergencyCause('Patch CVE-2026-1234 in openssl', '')).toBe('Security fix');
    expect(emergencyCause('', 'hotfix for a regression')).toBe('Defect found after a release');
    expect(emergencyCause('   ', '')).toBe(UNSTATED);
    expect(emergencyCause('the moon was full', '')).toBe(OTHER);
    // The justification counts before the review's notes.
    expect(emergencyCause('Regulatory deadline', 'hotfix')).toBe('Regulatory or legal deadline');
  });

  it('always answers one of the causes, whatever the text', () => {
    const known = new Set<string>([...emergencyCauses.map((c) => c.cause), OTHER, UNSTATED]);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => known.has(emergencyCause(a, b))));
  });
});
