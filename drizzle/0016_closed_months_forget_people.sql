-- A closed month stays immutable, but the person who closed it, entered a cost or set the funding
-- may delete their account: the foreign key then sets that column to null, an update the triggers
-- of 0007 refused, so the deletion failed. The triggers now let exactly that update through (the
-- person column becoming null, every other column as it was) and refuse any other, as before.
DROP TRIGGER `house_months_immutable_update`;--> statement-breakpoint
CREATE TRIGGER `house_months_immutable_update` BEFORE UPDATE ON `house_months`
WHEN NOT (
	NEW.`closed_by` IS NULL
	AND NEW.`house_id` IS OLD.`house_id` AND NEW.`month` IS OLD.`month`
	AND NEW.`cost_cents` IS OLD.`cost_cents` AND NEW.`funding_cents` IS OLD.`funding_cents`
	AND NEW.`shared_cents` IS OLD.`shared_cents` AND NEW.`all_half_days` IS OLD.`all_half_days`
	AND NEW.`billed_cents` IS OLD.`billed_cents` AND NEW.`closed_at` IS OLD.`closed_at`
)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
DROP TRIGGER `house_cost_lines_closed_update`;--> statement-breakpoint
CREATE TRIGGER `house_cost_lines_closed_update` BEFORE UPDATE ON `house_cost_lines`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` IN (OLD.`month`, NEW.`month`))
AND NOT (
	NEW.`created_by` IS NULL
	AND NEW.`id` IS OLD.`id` AND NEW.`house_id` IS OLD.`house_id` AND NEW.`month` IS OLD.`month`
	AND NEW.`category` IS OLD.`category` AND NEW.`label` IS OLD.`label`
	AND NEW.`amount_cents` IS OLD.`amount_cents` AND NEW.`created_at` IS OLD.`created_at`
)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
DROP TRIGGER `house_funding_closed_update`;--> statement-breakpoint
CREATE TRIGGER `house_funding_closed_update` BEFORE UPDATE ON `house_funding`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` IN (OLD.`month`, NEW.`month`))
AND NOT (
	NEW.`updated_by` IS NULL
	AND NEW.`house_id` IS OLD.`house_id` AND NEW.`month` IS OLD.`month`
	AND NEW.`kind` IS OLD.`kind` AND NEW.`amount_cents` IS OLD.`amount_cents`
	AND NEW.`basis_points` IS OLD.`basis_points` AND NEW.`label` IS OLD.`label`
	AND NEW.`updated_at` IS OLD.`updated_at`
)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;
