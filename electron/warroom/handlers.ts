import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { addEntry, warRoomBoard } from './service';

export function warroomHandlers(core: Core): HandlersFor<MethodsOf<'warroom'>> {
  return {
    'warroom.add': (input) => addEntry(core, input),
    'warroom.board': (input) => warRoomBoard(core, input.releaseId),
  };
}
