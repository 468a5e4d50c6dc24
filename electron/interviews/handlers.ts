import type { HandlersFor, MethodsOf } from '../common/handlers';
import type { Core } from '../services';
import { addInterviewNote, createInterview, listInterviewNotes, listInterviews, saveInterview } from './service';

export function interviewHandlers(core: Core): HandlersFor<MethodsOf<'interviews'>> {
  return {
    'interviews.create': (input) => createInterview(core, input),
    'interviews.save': (input) => saveInterview(core, input),
    'interviews.list': (input) => listInterviews(core, input.auditId),
    'interviews.addNote': (input) => addInterviewNote(core, input),
    'interviews.notes': (input) => listInterviewNotes(core, input.interviewId),
  };
}
