// Hybrid logical clock: physical milliseconds plus a counter, tagged with the device.
// Encoded as a fixed-width string so that string order is causal order, ties broken by device.

export interface HlcParts {
  millis: number;
  counter: number;
  deviceId: string;
}

const MILLIS_WIDTH = 15;
const COUNTER_WIDTH = 6;

export function formatHlc(parts: HlcParts): string {
  return `${String(parts.millis).padStart(MILLIS_WIDTH, '0')}-${String(parts.counter).padStart(COUNTER_WIDTH, '0')}-${parts.deviceId}`;
}

export function parseHlc(value: string): HlcParts {
  const match = /^(\d{15})-(\d{6})-(.+)$/.exec(value);
  if (!match) throw new Error(`Not a hybrid logical clock value: ${value}`);
  return { millis: Number(match[1]), counter: Number(match[2]), deviceId: match[3] as string };
}

/** The next clock value for a local event, given the last one this device issued or saw. */
export function tickHlc(last: string | null, deviceId: string, now: number): string {
  if (!last) return formatHlc({ millis: now, counter: 0, deviceId });
  const previous = parseHlc(last);
  if (now > previous.millis) return formatHlc({ millis: now, counter: 0, deviceId });
  return formatHlc({ millis: previous.millis, counter: previous.counter + 1, deviceId });
}

/** The clock after receiving a remote value: never behind anything already seen. */
export function receiveHlc(last: string | null, remote: string, deviceId: string, now: number): string {
  const seen = last && last > remote ? last : remote;
  return tickHlc(seen, deviceId, now);
}
