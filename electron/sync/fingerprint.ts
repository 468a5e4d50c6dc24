/** A key's SHA-256 fingerprint as people read it out: upper-case pairs separated by colons. */
export const formatFingerprint = (fingerprint: string): string => (fingerprint.toUpperCase().match(/.{2}/g) ?? []).join(':');
