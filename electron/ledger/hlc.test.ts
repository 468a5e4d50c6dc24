import { describe, expect, it } from 'vitest';
import { formatHlc, parseHlc, receiveHlc, tickHlc } from './hlc';

describe('hybrid logical clock', () => {
  it('follows the wall clock and orders as strings', () => {
    const a = tickHlc(null, 'dev-a', 1_000);
    const b = tickHlc(a, 'dev-a', 2_000);
    expect(parseHlc(a)).toEqual({ millis: 1_000, counter: 0, deviceId: 'dev-a' });
    expect(b > a).toBe(true);
  });

  it('never goes backwards when the wall clock does', () => {
    const a = tickHlc(null, 'dev-a', 5_000);
    const b = tickHlc(a, 'dev-a', 4_000);
    const c = tickHlc(b, 'dev-a', 4_500);
    expect(parseHlc(b)).toEqual({ millis: 5_000, counter: 1, deviceId: 'dev-a' });
    expect(c > b && b > a).toBe(true);
  });

  it('moves past a remote clock that is ahead', () => {
    const remote = formatHlc({ millis: 9_000, counter: 3, deviceId: 'dev-b' });
    const next = receiveHlc(tickHlc(null, 'dev-a', 1_000), remote, 'dev-a', 2_000);
    expect(parseHlc(next)).toEqual({ millis: 9_000, counter: 4, deviceId: 'dev-a' });
    expect(next > remote).toBe(true);
  });

  it('rejects a malformed value', () => {
    expect(() => parseHlc('yesterday')).toThrow(/Not a hybrid logical clock value/);
  });
});
