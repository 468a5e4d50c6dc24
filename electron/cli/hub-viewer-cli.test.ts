import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/helpers/pg';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// The department links from the command line, against a real hub database: made and shown once,
// listed by name and id (never the token), revoked by name or id.

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('release-audit hub viewer-link, viewers and revoke-viewer', () => {
  it('prints a link once, lists viewers without their token, and revokes by name or id', async () => {
    const hub = ['--database-url', await freshDatabase(), '--hub-dir', tempDir()];
    const made = await cli('hub', 'viewer-link', '--name', 'CAB', '--host', 'hub.example.org', '--port', '9443', ...hub);
    expect(made.code).toBe(0);
    const token = /^https:\/\/hub\.example\.org:9443\/department\/#token=([\w-]{43})$/m.exec(made.out)?.[1];
    expect(token).toBeDefined();
    await cli('hub', 'viewer-link', '--name', 'Quality lead', ...hub);
    const listed = await cli('hub', 'viewers', '--json', ...hub);
    const viewers = JSON.parse(listed.out) as Array<{ id: string; name: string; revokedAt: string | null }>;
    expect(viewers.map((v) => [v.name, v.revokedAt])).toEqual([
      ['CAB', null],
      ['Quality lead', null],
    ]);
    expect(listed.out).not.toContain(token as string);

    expect((await cli('hub', 'revoke-viewer', 'CAB', ...hub)).out).toContain('Revoked the department link of CAB');
    const byId = await cli('hub', 'revoke-viewer', (viewers[1] as { id: string }).id, ...hub);
    expect(byId.out).toContain('Quality lead');
    expect((await cli('hub', 'viewers', ...hub)).out).toMatch(/CAB .* REVOKED/);
    const again = await cli('hub', 'revoke-viewer', 'CAB', ...hub);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('No viewer named or with the id CAB');
    expect((await cli('hub', 'viewer-link', ...hub)).code).not.toBe(0);
  }, 120_000);
});
