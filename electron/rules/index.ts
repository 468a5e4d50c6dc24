// What other parts of the app call: the lead's import and the CLI's `check` run the rules through here.
export { runRules, listDrafts, confirmDraft, dismissDraft } from './drafts';
export { evaluatePack, type EvalContext, type Match, type ReleaseRecord, type StoredFact } from './evaluate';
export { ensureDefaultRulePack, pinnedPack } from './packs';
