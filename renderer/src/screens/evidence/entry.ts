import { areaEntry } from '../areaEntry';

export const evidenceEntry = areaEntry({ id: 'evidence', label: 'Evidence', key: '5', description: 'Files, screenshots and log excerpts stored by SHA-256, with their custody log.' });
