import { z } from 'zod';
import { defineMethod } from './define';

export const verifyAreas = ['ledger', 'vault', 'database', 'records'] as const;

export const VerifyProblem = z.object({
  area: z.enum(verifyAreas),
  location: z.string(),
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof VerifyProblem>;

export const VerifyReport = z.object({
  ok: z.boolean(),
  problems: z.array(VerifyProblem),
  checked: z.object({
    devices: z.number().int(),
    ledgerEntries: z.number().int(),
    records: z.number().int(),
    vaultObjects: z.number().int(),
    evidence: z.number().int(),
  }),
  ledgerHeads: z.array(z.object({ deviceId: z.string(), seq: z.number().int(), hash: z.string() })),
  /** How many signed checkpoints were checked. */
  checkpoints: z.number().int().default(0),
  /** What verify or the start of the app put right on the way (stale temp files removed), in sentences. */
  notices: z.array(z.string()).default([]),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const SystemInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  dataDir: z.string(),
  deviceId: z.string(),
  actor: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const systemContract = {
  'system.info': defineMethod({
    summary: 'Version, data folder, device and current actor.',
    input: z.strictObject({}).default({}),
    output: SystemInfo,
  }),
  'system.verify': defineMethod({
    summary: 'Recompute every ledger chain, re-hash every vault object and check the database.',
    input: z
      .strictObject({
        /** Ledger head hashes noted earlier (in a report, an email): each must still be in the ledger. */
        expectHeads: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'must be a ledger head hash (64 hex characters)')).max(100).default([]),
      })
      .default({ expectHeads: [] }),
    output: VerifyReport,
  }),
};
