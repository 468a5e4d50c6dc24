import { areaEntry } from '../areaEntry';

export const libraryEntry = areaEntry({
  id: 'library',
  label: 'Library',
  key: '3',
  description: 'Release controls mapped to ITIL 4, COBIT 2019, ISO/IEC 20000-1 and SOX ITGC, and checklist templates.',
});
