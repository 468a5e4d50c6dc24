import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { pageEntries } from './log';
import { addEntry, warRoomStatus } from './service';

export function warroomHandlers(core: Core): HandlersFor<MethodsOf<'warroom'>> {
  return {
    'warroom.add': (input) => addEntry(core, input),
    'warroom.board': (input) => warRoomStatus(core, input.releaseId),
    'warroom.entries': (input) => pageEntries(core, input),
  };
}
