import type { SyncStatus } from '../../../../shared/api/sync';

type Trust = SyncStatus['peers'][number]['trust'];

const labels: Record<Trust, string> = { own: 'own key', trusted: 'trusted', revoked: 'revoked', unknown: 'not trusted' };

export function TrustBadge({ trust }: { trust: Trust }) {
  return <span className={`badge trust-badge-${trust}`}>{labels[trust]}</span>;
}
