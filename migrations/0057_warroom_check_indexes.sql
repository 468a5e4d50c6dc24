-- An entry added to the war-room log is checked against its step's or its change's entries and the corrections of
-- them, found through these indexes instead of reading the release's whole log (electron/warroom/order.ts).
CREATE INDEX `warroom_entries_subject_idx` ON `warroom_entries` (`release_id`,`kind`,coalesce(json_extract(body, '$.stepId'), json_extract(body, '$.changeEntryId')));--> statement-breakpoint
CREATE INDEX `warroom_entries_corrects_idx` ON `warroom_entries` (`corrects_id`);
