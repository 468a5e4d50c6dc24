import type { IdentityInfo } from '../../shared/api/reports';
import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { createSelfSignedIdentity, importIdentity, listIdentities, loadIdentity, useIdentity } from './identity';
import type { Identity } from './p12';

// The signing identities of this data folder, as the API shows them (never the key or its passphrase).

function identityInfo(identity: Identity | null): IdentityInfo | null {
  if (!identity) return null;
  const { name, role, fingerprint, subject, issuer, selfSigned } = identity;
  return { name, role, fingerprint, subject, issuer, selfSigned };
}

export function identityHandlers(core: Core): HandlersFor<MethodsOf<'identity'>> {
  const dataDir = core.layout.root;
  return {
    'identity.get': () => identityInfo(loadIdentity(dataDir, core.actor)),
    'identity.list': () => {
      const current = loadIdentity(dataDir, core.actor)?.fingerprint;
      return listIdentities(dataDir).map((i) => ({ ...(identityInfo(i) as IdentityInfo), current: i.fingerprint === current, retiredAt: i.retiredAt ?? null }));
    },
    'identity.use': (input) => identityInfo(useIdentity(dataDir, core.actor, input.fingerprint, { deviceId: core.deviceId })) as IdentityInfo,
    'identity.create': (input) =>
      identityInfo(createSelfSignedIdentity(dataDir, input.name, input.role, core.actor, { replace: input.replace ?? false, deviceId: core.deviceId })) as IdentityInfo,
    'identity.import': (input) =>
      identityInfo(
        importIdentity(dataDir, Buffer.from(input.p12Base64, 'base64'), input.passphrase, input.role, core.actor, { replace: input.replace ?? false, deviceId: core.deviceId }),
      ) as IdentityInfo,
  };
}
