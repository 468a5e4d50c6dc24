-- The full-text index (FTS5 over search_docs) and the triggers that keep it in step with the records it covers:
-- each write to an indexed column costs one index write. Log lines and evidence file text are read from the vault
-- by electron/search/ (they are not in any table), which writes the index entries of log lines itself. No trigger on search_docs
-- fires on an insert: FTS5 writes out what it holds in memory whenever such a trigger runs, one segment per row.
-- Ranked by bm25, a word in the title counting four times one in the text, the audit not at all.
-- The audit is indexed as one token (its id without dashes), always so (never with 'rebuild', which would read the dashes).
CREATE VIRTUAL TABLE `search_fts` USING fts5(title, body, audit_id, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 0.0)');
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN INSERT INTO search_fts (search_fts, rowid, title, body, audit_id) VALUES ('delete', OLD.id, OLD.title, OLD.body, replace(OLD.audit_id, '-', '')); END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au` AFTER UPDATE OF title, body, audit_id ON `search_docs` BEGIN INSERT INTO search_fts (search_fts, rowid, title, body, audit_id) VALUES ('delete', OLD.id, OLD.title, OLD.body, replace(OLD.audit_id, '-', '')); INSERT INTO search_fts (rowid, title, body, audit_id) VALUES (NEW.id, NEW.title, NEW.body, replace(NEW.audit_id, '-', '')); END;
--> statement-breakpoint
INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) SELECT 'finding', t.id, 0, t.audit_id, NULL, t.title, t.criteria || char(10) || t.condition || char(10) || t.cause || char(10) || t.effect || char(10) || t.recommendation FROM `findings` t;
--> statement-breakpoint
CREATE TRIGGER `search_findings_ai` AFTER INSERT ON `findings` BEGIN INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) VALUES ('finding', NEW.id, 0, NEW.audit_id, NULL, NEW.title, NEW.criteria || char(10) || NEW.condition || char(10) || NEW.cause || char(10) || NEW.effect || char(10) || NEW.recommendation); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); END;
--> statement-breakpoint
CREATE TRIGGER `search_findings_au` AFTER UPDATE OF title, criteria, condition, cause, effect, recommendation, audit_id ON `findings` BEGIN UPDATE search_docs SET audit_id = NEW.audit_id, parent_id = NULL, title = NEW.title, body = NEW.criteria || char(10) || NEW.condition || char(10) || NEW.cause || char(10) || NEW.effect || char(10) || NEW.recommendation WHERE record_id = NEW.id AND type = 'finding' AND part = 0; END;
--> statement-breakpoint
CREATE TRIGGER `search_findings_ad` AFTER DELETE ON `findings` BEGIN DELETE FROM search_docs WHERE record_id = OLD.id AND type = 'finding'; END;
--> statement-breakpoint
INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) SELECT 'interview', t.id, 0, t.audit_id, t.release_id, t.interviewee, t.role || char(10) || t.team || char(10) || t.interviewer || char(10) || t.notes || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(t.questions) THEN t.questions ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(t.tribal_knowledge) THEN t.tribal_knowledge ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(t.follow_ups) THEN t.follow_ups ELSE '[]' END) WHERE type = 'text'), '') FROM `interviews` t;
--> statement-breakpoint
CREATE TRIGGER `search_interviews_ai` AFTER INSERT ON `interviews` BEGIN INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) VALUES ('interview', NEW.id, 0, NEW.audit_id, NEW.release_id, NEW.interviewee, NEW.role || char(10) || NEW.team || char(10) || NEW.interviewer || char(10) || NEW.notes || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.questions) THEN NEW.questions ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.tribal_knowledge) THEN NEW.tribal_knowledge ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.follow_ups) THEN NEW.follow_ups ELSE '[]' END) WHERE type = 'text'), '')); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); END;
--> statement-breakpoint
CREATE TRIGGER `search_interviews_au` AFTER UPDATE OF interviewee, role, team, interviewer, notes, questions, tribal_knowledge, follow_ups, audit_id, release_id ON `interviews` BEGIN UPDATE search_docs SET audit_id = NEW.audit_id, parent_id = NEW.release_id, title = NEW.interviewee, body = NEW.role || char(10) || NEW.team || char(10) || NEW.interviewer || char(10) || NEW.notes || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.questions) THEN NEW.questions ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.tribal_knowledge) THEN NEW.tribal_knowledge ELSE '[]' END) WHERE type = 'text'), '') || char(10) || coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.follow_ups) THEN NEW.follow_ups ELSE '[]' END) WHERE type = 'text'), '') WHERE record_id = NEW.id AND type = 'interview' AND part = 0; END;
--> statement-breakpoint
CREATE TRIGGER `search_interviews_ad` AFTER DELETE ON `interviews` BEGIN DELETE FROM search_docs WHERE record_id = OLD.id AND type = 'interview'; END;
--> statement-breakpoint
INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) SELECT 'note', t.id, 0, t.audit_id, t.interview_id, '', t.text FROM `interview_notes` t;
--> statement-breakpoint
CREATE TRIGGER `search_interview_notes_ai` AFTER INSERT ON `interview_notes` BEGIN INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) VALUES ('note', NEW.id, 0, NEW.audit_id, NEW.interview_id, '', NEW.text); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); END;
--> statement-breakpoint
CREATE TRIGGER `search_interview_notes_au` AFTER UPDATE OF text, audit_id, interview_id ON `interview_notes` BEGIN UPDATE search_docs SET audit_id = NEW.audit_id, parent_id = NEW.interview_id, title = '', body = NEW.text WHERE record_id = NEW.id AND type = 'note' AND part = 0; END;
--> statement-breakpoint
CREATE TRIGGER `search_interview_notes_ad` AFTER DELETE ON `interview_notes` BEGIN DELETE FROM search_docs WHERE record_id = OLD.id AND type = 'note'; END;
--> statement-breakpoint
INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) SELECT 'warroom', t.id, 0, t.audit_id, t.release_id, t.kind, coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(t.body) THEN t.body ELSE '[]' END) WHERE type = 'text'), '') FROM `warroom_entries` t;
--> statement-breakpoint
CREATE TRIGGER `search_warroom_entries_ai` AFTER INSERT ON `warroom_entries` BEGIN INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) VALUES ('warroom', NEW.id, 0, NEW.audit_id, NEW.release_id, NEW.kind, coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.body) THEN NEW.body ELSE '[]' END) WHERE type = 'text'), '')); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); END;
--> statement-breakpoint
CREATE TRIGGER `search_warroom_entries_au` AFTER UPDATE OF kind, body, audit_id, release_id ON `warroom_entries` BEGIN UPDATE search_docs SET audit_id = NEW.audit_id, parent_id = NEW.release_id, title = NEW.kind, body = coalesce((SELECT group_concat(value, char(10)) FROM json_tree(CASE WHEN json_valid(NEW.body) THEN NEW.body ELSE '[]' END) WHERE type = 'text'), '') WHERE record_id = NEW.id AND type = 'warroom' AND part = 0; END;
--> statement-breakpoint
CREATE TRIGGER `search_warroom_entries_ad` AFTER DELETE ON `warroom_entries` BEGIN DELETE FROM search_docs WHERE record_id = OLD.id AND type = 'warroom'; END;
--> statement-breakpoint
INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) SELECT 'evidence', t.id, 0, t.audit_id, NULL, t.original_name, t.note || char(10) || t.source_system FROM `evidence` t;
--> statement-breakpoint
CREATE TRIGGER `search_evidence_ai` AFTER INSERT ON `evidence` BEGIN INSERT INTO search_docs (type, record_id, part, audit_id, parent_id, title, body) VALUES ('evidence', NEW.id, 0, NEW.audit_id, NULL, NEW.original_name, NEW.note || char(10) || NEW.source_system); INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs WHERE id = last_insert_rowid(); END;
--> statement-breakpoint
CREATE TRIGGER `search_evidence_au` AFTER UPDATE OF original_name, note, source_system, audit_id ON `evidence` BEGIN UPDATE search_docs SET audit_id = NEW.audit_id, parent_id = NULL, title = NEW.original_name, body = NEW.note || char(10) || NEW.source_system WHERE record_id = NEW.id AND type = 'evidence' AND part = 0; END;
--> statement-breakpoint
CREATE TRIGGER `search_evidence_ad` AFTER DELETE ON `evidence` BEGIN DELETE FROM search_docs WHERE record_id = OLD.id AND type = 'evidence'; DELETE FROM search_sources WHERE source = 'evidence:' || OLD.id; END;
--> statement-breakpoint
CREATE TRIGGER `search_imports_ad` AFTER DELETE ON `imports` BEGIN DELETE FROM search_docs WHERE import_id = OLD.id; DELETE FROM search_sources WHERE source = 'import:' || OLD.id; END;

--> statement-breakpoint
INSERT INTO search_fts (rowid, title, body, audit_id) SELECT id, title, body, replace(audit_id, '-', '') FROM search_docs;