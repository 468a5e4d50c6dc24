import pg from 'pg';
import { afterAll } from 'vitest';
import { createAudit } from '../../electron/audits/service';
import { dispatch } from '../../electron/api/dispatch';
import { createHandlers } from '../../electron/api/handlers';
import { runCli } from '../../electron/cli/main';
import { syncWithHub } from '../../electron/hub/client';
import { issueReport } from '../../electron/reports/archive';
import type { Core } from '../../electron/services';
import { endpointOf, enrol, startTestHub, type TestHub } from './hub';
import { laptop } from './laptops';

// A hub holding an archived report, and what the hub's tests share: a lead's laptop with an audit, one piece of evidence and one
// issued summary report (kept one year, the shipped PCI DSS policy), pushed to a test hub.

export const PCI_DSS_POLICY = '0190a000-0000-7000-8000-000000000104';

export async function callApi(core: Core, method: string, input: unknown): Promise<Record<string, unknown>> {
  const answer = await dispatch(createHandlers(core), method, input);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as Record<string, unknown>;
}

export const addTextEvidence = async (core: Core, auditId: string, text: string) =>
  (await callApi(core, 'evidence.addText', { auditId, kind: 'log-excerpt', text, sourceFile: 'deploy.log' })) as { id: string; sha256: string };

export async function hubWithArchivedReport(hubs: TestHub[], options: Parameters<typeof startTestHub>[0] = {}) {
  const test = await startTestHub(options);
  hubs.push(test);
  const alice = laptop('Alice');
  await enrol(test.hub, alice, { mayOpenAudits: true });
  const endpoint = await endpointOf(test.server.url);
  const audit = createAudit(alice, { name: 'Q3 payments release', description: 'archived on the hub' });
  await callApi(alice, 'reports.chooseRetention', { auditId: audit.id, policyId: PCI_DSS_POLICY });
  const evidence = await addTextEvidence(alice, audit.id, '2026-11-30T10:00:09Z ERROR Health check failed after 3 retries');
  const report = await issueReport(alice, { auditId: audit.id, kind: 'summary', distribution: 'internal', sign: false });
  await syncWithHub(alice, endpoint);
  return { test, alice, endpoint, audit, evidence, report };
}

/** Hubs and PostgreSQL connections a test file opens, closed when its tests end. */
export function hubTestKit(): { hubs: TestHub[]; connect: (url: string) => Promise<pg.Client> } {
  const hubs: TestHub[] = [];
  const clients: pg.Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => {});
    for (const h of hubs) await h.close();
  });
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };
  return { hubs, connect };
}

/** Runs `release-audit ARGV…` in process, with what it printed. */
export async function hubCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
