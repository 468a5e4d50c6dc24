import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { driftOf } from './drift';
import { compareConfigs } from './parity';
import { MASK, defaultIgnores } from './policy';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixture = (name: string) => ({ name, bytes: fs.readFileSync(path.join(here, 'fixtures', name)) });
const real = (name: string) => ({ name, bytes: fs.readFileSync(path.join('/work/shared/realworld', name)) });
const none = { texts: [] };

describe('environment parity on realistic pairs', () => {
  it('Helm values of staging and production: what matters, what is ignored, secrets masked', () => {
    const result = compareConfigs(fixture('values-staging.yaml'), fixture('values-production.yaml'), defaultIgnores);
    const by = Object.fromEntries(result.differences.map((d) => [d.path, d]));
    expect(by.replicaCount).toMatchObject({ ignored: true, ignoredBy: '**.replicaCount', a: '2', b: '6' });
    expect(by['ingress.host']).toMatchObject({ ignored: true });
    expect(by['config.databaseUrl']).toMatchObject({ ignored: true });
    expect(by['image.tag']).toMatchObject({ impact: 'image', change: 'changed', a: '2.14.0-rc.3', b: '2.13.2', lineA: 5, lineB: 5, ignored: false });
    expect(by['ingress.tls.enabled']).toMatchObject({ impact: 'security', a: 'false', b: 'true' });
    expect(by['resources.limits.memory']).toMatchObject({ impact: 'resources' });
    expect(by['features.newCheckout']).toMatchObject({ impact: 'feature-flag' });
    expect(by['config.logLevel']).toMatchObject({ impact: 'none', a: 'debug', b: 'info' });
    expect(by['config.database.password']).toMatchObject({ a: MASK, b: MASK, secret: true });
    expect(by['env[name=PAYMENTS_API_TOKEN].value']).toMatchObject({ a: MASK, b: MASK });
    // Items matched by name, not position: TIMEOUT_MS moved but did not change.
    expect(Object.keys(by).some((p) => p.includes('TIMEOUT_MS'))).toBe(false);
    expect(by['features.riskScoring']).toBeUndefined();
    expect(JSON.stringify(result)).not.toMatch(/password-1|password-9|tok-staging|tok-production/);
  });

  it('.env files of two environments', () => {
    const result = compareConfigs(fixture('staging.env'), fixture('production.env'), defaultIgnores);
    const by = Object.fromEntries(result.differences.map((d) => [d.path, d]));
    expect(result.a.format).toBe('env');
    expect(Object.keys(by).sort()).toEqual(['APP_VERSION', 'CORS_ORIGINS', 'DB_HOST', 'DB_PASSWORD', 'FEATURE_NEW_CHECKOUT', 'LOG_LEVEL', 'SESSION_SECRET']);
    expect(by.DB_HOST?.ignored).toBe(true);
    expect(by.CORS_ORIGINS).toMatchObject({ impact: 'security', a: '*', b: 'https://shop.example.com', lineA: 7, lineB: 7 });
    expect(by.APP_VERSION?.impact).toBe('version');
    expect(by.FEATURE_NEW_CHECKOUT?.impact).toBe('feature-flag');
    expect(by.LOG_LEVEL).toMatchObject({ a: 'debug', b: 'info' });
    expect(by.DB_PASSWORD).toMatchObject({ a: MASK, b: MASK });
    expect(JSON.stringify(result)).not.toMatch(/st@ging|pr0d|abc|zzz/);
  });

  it('multi-document files are matched document by document by kind and name', () => {
    const a = 'kind: Service\nmetadata: {name: api}\nspec: {port: 80}\n---\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1}\n';
    const b = 'kind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n---\nkind: Service\nmetadata: {name: api}\nspec: {port: 8080}\n';
    const result = compareConfigs({ name: 'a.yaml', bytes: Buffer.from(a) }, { name: 'b.yaml', bytes: Buffer.from(b) }, []);
    expect(result.differences.map((d) => d.path)).toEqual(['{Service/api}.spec.port', '{Deployment/api}.spec.replicas']);
  });
});

describe('drift against the live state', () => {
  it('the real Kubernetes pair: server-managed and defaulted fields are no drift', () => {
    expect(driftOf({ desired: real('k8s-deploy-desired.yaml'), before: null, after: real('k8s-deploy-live.yaml') }, none)).toEqual([]);
  });

  it('the real pair with the live image changed by hand: drift after, unexplained, with both lines', () => {
    const live = YAML.parse(fs.readFileSync('/work/shared/realworld/k8s-deploy-live.yaml', 'utf8')) as { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    const changed = structuredClone(live);
    (changed.spec.template.spec.containers[0] as { image: string }).image = 'nginx:1.25.0';
    const after = { name: 'live-after.yaml', bytes: Buffer.from(YAML.stringify(changed)) };
    const drift = driftOf({ desired: real('k8s-deploy-desired.yaml'), before: real('k8s-deploy-live.yaml'), after }, none);
    expect(drift).toEqual([
      expect.objectContaining({ resource: 'Deployment/default/nginx-deployment', path: 'spec.template.spec.containers[name=nginx].image', desired: 'nginx:1.23.1', before: 'nginx:1.23.1', after: 'nginx:1.25.0', when: 'during', explained: false, impact: 'image', lineDesired: 22, lineAfter: 107 }),
    ]);
    const explained = driftOf({ desired: real('k8s-deploy-desired.yaml'), before: real('k8s-deploy-live.yaml'), after }, { texts: [{ source: 'runbook step "Hotfix nginx-deployment image to 1.25.0"', text: 'Hotfix nginx-deployment image to nginx:1.25.0' }] });
    expect(explained[0]).toMatchObject({ explained: true, explanation: 'runbook step "Hotfix nginx-deployment image to 1.25.0"' });
  });

  it('a kubectl List of items, and a desired resource missing from the live state', () => {
    const list = { name: 'list.yaml', bytes: Buffer.from(YAML.stringify({ apiVersion: 'v1', kind: 'List', items: [YAML.parse(fs.readFileSync('/work/shared/realworld/k8s-deploy-live.yaml', 'utf8'))] })) };
    const desired = { name: 'd.yaml', bytes: Buffer.from(`${fs.readFileSync('/work/shared/realworld/k8s-deploy-desired.yaml', 'utf8')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  mode: fast\n`) };
    const drift = driftOf({ desired, before: null, after: list }, none);
    expect(drift).toEqual([expect.objectContaining({ resource: 'ConfigMap/-/web-config', path: '(resource)', desired: 'present', after: 'missing', when: 'after', explained: false })]);
  });

  it('a Terraform plan (terraform show -json) against the state after: the planned change explained, a hand-made rule not', () => {
    const plan = fixture('terraform-plan.json');
    const drift = driftOf({ desired: plan, before: plan, after: fixture('terraform-state-after.json') }, none);
    const by = drift.map((d) => [d.resource, d.path, d.when, d.explained, d.before, d.after]);
    expect(by).toEqual([
      ['aws_instance/-/aws_instance.web', 'instance_type', 'before', true, 't3.medium', 't3.large'],
      ['aws_instance/-/aws_instance.web', 'tags.Release', 'before', true, '2.13.2', '2.14.0'],
      ['aws_security_group/-/aws_security_group.web', 'ingress[0].from_port', 'during', false, '443', '22'],
      ['aws_security_group/-/aws_security_group.web', 'ingress[0].to_port', 'during', false, '443', '22'],
      ['aws_security_group/-/aws_security_group.web', 'ingress[1]', 'during', false, null, '{"from_port":443,"to_port":443,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]}'],
    ].map(([r, p, w, e, b, a]) => [r, p, w, e, b, a]));
  });

  it('refuses a file with no resource in one sentence', () => {
    expect(() => driftOf({ desired: { name: 'x.yaml', bytes: Buffer.from('a: 1\n') }, before: null, after: real('k8s-deploy-live.yaml') }, none)).toThrow(/x\.yaml holds no Kubernetes resource/);
  });
});
