import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import { createClient } from '../../shared/api/client';
import { contract, methodNames } from '../../shared/api/contract';
import { sourceRoot } from '../../electron/paths';
import { terminalOnlyMethods } from '../../shared/api/evidence';
import { callApi, testHost } from '../helpers/host';
import { testCore } from '../helpers/temp';

// Every method of the one contract is reachable everywhere: a handler, an HTTP route, a client
// function and a function on the preload's bridge.

describe('API contract', () => {
  it('declares a summary, an input and an output schema for every method', () => {
    expect(methodNames.length).toBeGreaterThan(0);
    for (const name of methodNames) {
      expect(contract[name].summary.length).toBeGreaterThan(10);
      expect(typeof contract[name].input.safeParse).toBe('function');
      expect(typeof contract[name].output.safeParse).toBe('function');
    }
  });

  it('has a handler for every method and nothing else', () => {
    const handlers = createHandlers(testCore());
    expect(Object.keys(handlers).sort()).toEqual([...methodNames].sort());
  });

  it('has an HTTP route for every method', async () => {
    const { host } = await testHost();
    for (const name of methodNames) {
      const response = await callApi(host, name, { unexpectedField: true });
      const body = (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
      // The route exists and validated the input: it did not answer "no such method".
      expect(body.error?.message ?? '', name).not.toMatch(/There is no API method/);
      // A method that names a path on this computer is the command line's alone (shared/api/evidence.ts).
      expect(response.status, name).toBe(terminalOnlyMethods.has(name) ? 403 : 400);
    }
    const unknown = await callApi(host, 'audits.drop', {});
    expect(unknown.status).toBe(404);
  });

  it('has a client function for every method, answering through the transport', async () => {
    const calls: string[] = [];
    const client = createClient(async (method) => {
      calls.push(method);
      return { ok: true, value: method };
    });
    for (const name of methodNames) await expect(client[name]({} as never)).resolves.toBe(name);
    expect(calls).toEqual(methodNames);
  });

  it('exposes every method, and only that, from the bundled preload', async () => {
    const result = await build({
      entryPoints: [path.join(sourceRoot, 'electron', 'preload.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'browser',
      external: ['electron'],
      define: { __METHOD_NAMES__: JSON.stringify(methodNames) },
    });
    const exposed: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
    const invoked: Array<[string, unknown]> = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (input: unknown) => Promise<unknown>>) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (channel: string, input: unknown) => invoked.push([channel, input]) },
    };
    vm.runInNewContext(result.outputFiles[0]!.text, { require: (id: string) => (id === 'electron' ? fakeElectron : undefined), module: {}, exports: {} });
    expect(Object.keys(exposed)).toEqual(['releaseAudit']);
    const bridge = exposed.releaseAudit!;
    expect(Object.keys(bridge).sort()).toEqual([...methodNames].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect('ipcRenderer' in bridge).toBe(false);
    await bridge['audits.list']!({});
    expect(invoked).toEqual([['api:audits.list', {}]]);
  });

  it('never fills in a field a save leaves out (a partial save keeps the stored values)', () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const saves = { 'releases.update': { id }, 'interviews.save': { id }, 'plans.save': { auditId: id }, 'templates.saveDraft': { id } } as const;
    for (const [method, input] of Object.entries(saves)) {
      const parsed = contract[method as keyof typeof saves].input.parse(input);
      expect(Object.keys(parsed).sort(), method).toEqual(Object.keys(input).sort());
    }
  });

  it('keeps an emergency release an emergency when another field is saved (regression)', async () => {
    const core = testCore();
    const handlers = createHandlers(core);
    const call = async (method: string, input: unknown) => {
      const result = await dispatch(handlers, method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as Record<string, unknown>;
    };
    const audit = await call('audits.create', { name: 'A' });
    const release = await call('releases.create', { auditId: audit.id, identifier: 'H' });
    await call('releases.update', { id: release.id, emergency: true, windowStart: '2026-11-20T22:00:00.000Z' });
    const after = await call('releases.update', { id: release.id, emergencyJustification: 'Outage' });
    expect(after).toMatchObject({ emergency: true, windowStart: '2026-11-20T22:00:00.000Z', emergencyJustification: 'Outage' });
  });
});
