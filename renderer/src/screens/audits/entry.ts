import { areaEntry } from '../areaEntry';

export const auditsEntry = areaEntry({ id: 'audits', label: 'Audits', key: '1', description: 'Every audit on this laptop, and a new one.' });
