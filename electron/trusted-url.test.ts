import { describe, expect, it } from 'vitest';
import { isTrustedIpcSender, isTrustedRendererUrl, type FrameLike } from './trusted-url';

describe('trusted renderer URL', () => {
  it('accepts only the app:// renderer', () => {
    expect(isTrustedRendererUrl('app://renderer/index.html')).toBe(true);
    expect(isTrustedRendererUrl('app://renderer/index.html#/audits')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://renderer/', 'http://127.0.0.1:3000/', 'app://user:pw@renderer/', 'garbage', '', null, undefined]) {
      expect(isTrustedRendererUrl(url), String(url)).toBe(false);
    }
  });

  it('answers IPC only from the main frame of the app page', () => {
    const main: FrameLike = { url: 'app://renderer/index.html', parent: null, processId: 4, routingId: 1 };
    const sender = { mainFrame: main };
    expect(isTrustedIpcSender(sender, main)).toBe(true);
    // The same frame seen through another wrapper object (Electron may hand out a new one per event).
    expect(isTrustedIpcSender(sender, { ...main })).toBe(true);
    const child: FrameLike = { url: 'app://renderer/evidence/x/content', parent: main, processId: 4, routingId: 7 };
    const cases: Array<[string, { mainFrame: FrameLike | null } | null | undefined, FrameLike | null | undefined]> = [
      ['a subframe of the app page', sender, child],
      ['a subframe claiming the main routing id', sender, { ...child, routingId: 1 }],
      ['another process with the same routing id', sender, { ...main, processId: 5 }],
      ['a frame without ids that is not the main frame object', sender, { url: main.url, parent: null }],
      ['the main frame of another page', { mainFrame: { url: 'https://evil.example/', parent: null } }, { url: 'https://evil.example/', parent: null }],
      ['the main frame after it navigated away', { mainFrame: { ...main, url: 'file:///etc/passwd' } }, { ...main, url: 'file:///etc/passwd' }],
      ['a frame already gone', sender, null],
      ['no sender', undefined, main],
      ['a sender without a main frame', { mainFrame: null }, main],
    ];
    for (const [name, from, frame] of cases) expect(isTrustedIpcSender(from, frame), name).toBe(false);
  });
});
