import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePair, environmentOf, guessConfig, pairConfigs, type ConfigCandidate } from '../../renderer/src/screens/machine/configDrop';

// Files dropped on a release: which are configuration by name, and how two pair up as A and B.

const candidate = (name: string): ConfigCandidate<string> => {
  const guess = guessConfig(name);
  if (!guess) throw new Error(`${name} is not configuration`);
  return { name, format: guess.format, item: name };
};

describe('configuration files dropped on a release', () => {
  it('tells configuration by its name, and leaves YAML and JSON to the import detection', () => {
    expect(guessConfig('.env')).toEqual({ format: 'env', certain: true });
    expect(guessConfig('staging.env')).toEqual({ format: 'env', certain: true });
    expect(guessConfig('.env.production')).toEqual({ format: 'env', certain: true });
    expect(guessConfig('application-prod.properties')).toEqual({ format: 'properties', certain: true });
    expect(guessConfig('values-staging.yaml')).toEqual({ format: 'yaml', certain: true });
    expect(guessConfig('Values.prod.YML')).toEqual({ format: 'yaml', certain: true });
    expect(guessConfig('deployment.yaml')).toEqual({ format: 'yaml', certain: false });
    expect(guessConfig('bom.json')).toEqual({ format: 'json', certain: false });
    expect(guessConfig('junit.xml')).toBeNull();
    expect(guessConfig('scan.sarif')).toBeNull();
  });

  it('reads the environment from the words of a name only', () => {
    expect(environmentOf('values-staging.yaml')?.name).toBe('staging');
    expect(environmentOf('values.prod.yaml')?.name).toBe('production');
    expect(environmentOf('uat.env')?.name).toBe('uat');
    expect(environmentOf('latest-values.yaml')).toBeNull();
    expect(environmentOf('production-vs-staging.yaml')).toBeNull();
  });

  it('puts the lower environment as A whatever the drop order, and says so', () => {
    const names = ['values-production.yaml', 'values-staging.yaml'];
    const pair = pairConfigs(names.map(candidate));
    expect(pair).toMatchObject({ paired: true, a: { name: 'values-staging.yaml' }, b: { name: 'values-production.yaml' }, byName: true });
    if (pair.paired) expect(describePair(pair)).toBe('values-staging.yaml (staging) as A and values-production.yaml (production) as B');
    const envs = ['dev', 'test', 'uat', 'staging', 'prod'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 2 }), fc.constantFrom('env', 'properties', 'yaml'), ([x, y], ext) => {
        const made = pairConfigs([candidate(`app-${envs[x as number]}.${ext}`), candidate(`app-${envs[y as number]}.${ext}`)]);
        expect(made.paired && made.a.name).toBe(`app-${envs[Math.min(x as number, y as number)]}.${ext}`);
      }),
    );
  });

  it('keeps the drop order when the names do not say the environments, and says why', () => {
    const pair = pairConfigs([candidate('values-blue.yaml'), candidate('values-green.yaml')]);
    expect(pair).toMatchObject({ paired: true, a: { name: 'values-blue.yaml' }, byName: false });
    if (pair.paired) expect(describePair(pair)).toContain('A is the file dropped first');
  });

  it('refuses in one line a single file, three files, or two of different kinds', () => {
    const one = pairConfigs([candidate('values-staging.yaml')]);
    expect(one).toEqual({ paired: false, message: 'values-staging.yaml is a configuration file on its own: to compare two environments, drop their two configuration files together, or use the Parity & drift tab.' });
    const three = pairConfigs(['a.env', 'b.env', 'c.env'].map(candidate));
    expect(three.paired === false && three.message).toMatch(/^3 configuration files were dropped \(a\.env, b\.env, c\.env\)/);
    const mixed = pairConfigs([candidate('staging.env'), candidate('values-production.yaml')]);
    expect(mixed.paired === false && mixed.message).toContain('not the same kind of configuration file (env and yaml)');
  });
});
