import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { addInterviewNote, createInterview, listInterviews, pageInterviewNotes, saveInterview } from './service';

export function interviewHandlers(core: Core): HandlersFor<MethodsOf<'interviews'>> {
  return {
    'interviews.create': (input) => createInterview(core, input),
    'interviews.save': (input) => saveInterview(core, input),
    'interviews.list': (input) => listInterviews(core, input.auditId),
    'interviews.addNote': (input) => addInterviewNote(core, input),
    'interviews.notes': (input) => pageInterviewNotes(core, input),
  };
}
