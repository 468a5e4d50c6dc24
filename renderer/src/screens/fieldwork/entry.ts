import { useSession } from '../../stores/session';
import { areaEntry } from '../areaEntry';

export const fieldworkEntry = areaEntry({
  id: 'fieldwork',
  label: 'Fieldwork',
  key: '4',
  description: 'Releases, checklist execution, interviews and the war-room log.',
  // Alt+W: the war room of the release open in Fieldwork, from any screen.
  shortcuts: [{ key: 'w', label: 'War room', run: () => useSession.getState().requestWarRoom() }],
});
