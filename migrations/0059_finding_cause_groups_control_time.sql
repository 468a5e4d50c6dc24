-- A write of a finding marks the later audits naming its control for a KPI recount (kpi_dirty_finding_repeats_*): this index
-- finds them as a range of creation times instead of reading every audit's groups of the control.
CREATE INDEX `finding_cause_groups_control_time_idx` ON `finding_cause_groups` (`control_key`,`audit_created_at`);