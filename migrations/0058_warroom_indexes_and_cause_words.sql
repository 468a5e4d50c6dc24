-- An entry added to the war-room log is checked against its step's or its change's entries and the corrections of
-- them, found through these indexes instead of reading the release's whole log (electron/warroom/order.ts).
CREATE INDEX `warroom_entries_subject_idx` ON `warroom_entries` (`release_id`,`kind`,coalesce(json_extract(body, '$.stepId'), json_extract(body, '$.changeEntryId')));--> statement-breakpoint
CREATE INDEX `warroom_entries_corrects_idx` ON `warroom_entries` (`corrects_id`);
--> statement-breakpoint
CREATE TABLE `finding_cause_word_counts` (
	`control_key` text NOT NULL,
	`word` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`control_key`, `word`)
);
--> statement-breakpoint
CREATE TABLE `finding_cause_words` (
	`control_key` text NOT NULL,
	`word` text NOT NULL,
	`cause` text NOT NULL,
	PRIMARY KEY(`control_key`, `word`, `cause`)
);
--> statement-breakpoint
CREATE INDEX `finding_cause_words_cause_idx` ON `finding_cause_words` (`control_key`,`cause`);--> statement-breakpoint
CREATE TABLE `finding_causes_unindexed` (
	`control_key` text NOT NULL,
	`cause` text NOT NULL,
	PRIMARY KEY(`control_key`, `cause`)
);
--> statement-breakpoint
-- The word index over the distinct causes of each control: a new distinct cause is queued to be split into words
-- by the app (on the first repeat lookup of its control), and a cause that is gone takes its words out, whether the
-- change came from the services, an import merge or a replay. The counts follow the words. The last statement
-- queues every cause of a folder made before these tables existed.
CREATE TRIGGER `finding_causes_unindexed_ai` AFTER INSERT ON `finding_cause_totals` BEGIN INSERT OR IGNORE INTO finding_causes_unindexed (control_key, cause) VALUES (NEW.control_key, NEW.cause); END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_words_ad` AFTER DELETE ON `finding_cause_totals` BEGIN DELETE FROM finding_causes_unindexed WHERE control_key = OLD.control_key AND cause = OLD.cause; DELETE FROM finding_cause_words WHERE control_key = OLD.control_key AND cause = OLD.cause; END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_word_counts_ai` AFTER INSERT ON `finding_cause_words` BEGIN INSERT INTO finding_cause_word_counts (control_key, word, n) VALUES (NEW.control_key, NEW.word, 1) ON CONFLICT (control_key, word) DO UPDATE SET n = n + 1; END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_word_counts_ad` AFTER DELETE ON `finding_cause_words` BEGIN UPDATE finding_cause_word_counts SET n = n - 1 WHERE control_key = OLD.control_key AND word = OLD.word; DELETE FROM finding_cause_word_counts WHERE control_key = OLD.control_key AND word = OLD.word AND n <= 0; END;
--> statement-breakpoint
INSERT INTO finding_causes_unindexed (control_key, cause) SELECT control_key, cause FROM finding_cause_totals;

--> statement-breakpoint
-- A write of a finding marks the later audits naming its control for a KPI recount (kpi_dirty_finding_repeats_*): this index
-- finds them as a range of creation times instead of reading every audit's groups of the control.
CREATE INDEX `finding_cause_groups_control_time_idx` ON `finding_cause_groups` (`control_key`,`audit_created_at`);