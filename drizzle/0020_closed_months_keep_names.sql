ALTER TABLE `house_months` ADD `house_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `house_months` ADD `operator_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Written by hand: a closed month keeps the names of its house and operator as they were at
-- closing, for its statements. Months closed before this are given the names of now, the best
-- there is; the trigger of 0016 is lifted for that one update and put back with the new columns
-- among those that never change.
DROP TRIGGER `house_months_immutable_update`;--> statement-breakpoint
UPDATE `house_months` SET
	`house_name` = COALESCE(
		(SELECT `name` FROM `houses` WHERE `houses`.`id` = `house_months`.`house_id`), ''
	),
	`operator_name` = COALESCE((
		SELECT `operators`.`name` FROM `houses` JOIN `operators` ON `operators`.`id` = `houses`.`operator_id`
		WHERE `houses`.`id` = `house_months`.`house_id`
	), '');--> statement-breakpoint
CREATE TRIGGER `house_months_immutable_update` BEFORE UPDATE ON `house_months`
WHEN NOT (
	NEW.`closed_by` IS NULL
	AND NEW.`house_id` IS OLD.`house_id` AND NEW.`month` IS OLD.`month`
	AND NEW.`cost_cents` IS OLD.`cost_cents` AND NEW.`funding_cents` IS OLD.`funding_cents`
	AND NEW.`shared_cents` IS OLD.`shared_cents` AND NEW.`all_half_days` IS OLD.`all_half_days`
	AND NEW.`billed_cents` IS OLD.`billed_cents` AND NEW.`closed_at` IS OLD.`closed_at`
	AND NEW.`house_name` IS OLD.`house_name` AND NEW.`operator_name` IS OLD.`operator_name`
)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;
