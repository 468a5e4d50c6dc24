import { createAudit } from '../../electron/audits/service';
import { createFinding, updateFinding } from '../../electron/findings/service';
import { exchange, laptop } from './laptops';

/** Two laptops that retitled one finding at once and swapped bundles: Bob holds a conflict over its title. */
export async function titleConflict() {
  const a = laptop('Alice');
  const b = laptop('Bob');
  const audit = createAudit(a, { name: 'Payments 4.2', description: '' });
  const finding = createFinding(a, { auditId: audit.id, title: 'Backout untested' });
  await exchange(a, b, audit.id);
  updateFinding(a, { id: finding.id, title: 'Backout plan never rehearsed' });
  updateFinding(b, { id: finding.id, title: 'Backout not tested before go-live' });
  await exchange(a, b, audit.id);
  return { a, b, audit, finding };
}
