import { areaEntry } from '../areaEntry';

export const syncEntry = areaEntry({ id: 'sync', label: 'Sync', key: '8', description: 'Signed bundles exchanged with other laptops.' });
