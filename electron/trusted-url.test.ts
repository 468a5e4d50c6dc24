import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from './trusted-url';

describe('trusted renderer URL', () => {
  it('accepts only the app:// renderer', () => {
    expect(isTrustedRendererUrl('app://renderer/index.html')).toBe(true);
    expect(isTrustedRendererUrl('app://renderer/index.html#/audits')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://renderer/', 'http://127.0.0.1:3000/', 'app://user:pw@renderer/', 'garbage', '', null, undefined]) {
      expect(isTrustedRendererUrl(url), String(url)).toBe(false);
    }
  });
});
