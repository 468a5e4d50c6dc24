import type { HubInfo } from '../../shared/api/hub';
import type { Core } from '../services';
import type { HubDatabase } from './db/database';
import type { NonceWindow, RequestSigner } from './signing';

// What a running hub is made of (hub.ts opens one): every part of the hub works on this.

export interface Hub {
  core: Core;
  database: HubDatabase;
  info: HubInfo;
  signer: RequestSigner;
  nonces: NonceWindow;
  /** Runs pushes, pulls and membership changes one at a time (the working copy has one writer). */
  serial: <T>(work: () => Promise<T> | T) => Promise<T>;
  close: () => Promise<void>;
}
