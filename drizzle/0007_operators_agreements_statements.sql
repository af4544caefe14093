CREATE TABLE `agreement_terms` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`reserved_seats` integer DEFAULT 0 NOT NULL,
	`model` text NOT NULL,
	`day_rate_cents` integer,
	`half_day_rate_cents` integer,
	`fixed_monthly_cents` integer,
	`monthly_cap_cents` integer,
	`empty_month_rule` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreement_terms_version_idx` ON `agreement_terms` (`agreement_id`,`valid_from`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`house_id` text NOT NULL,
	`company_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_house_company_idx` ON `agreements` (`house_id`,`company_id`);--> statement-breakpoint
CREATE INDEX `agreements_company_idx` ON `agreements` (`company_id`);--> statement-breakpoint
CREATE TABLE `house_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`house_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`company_name` text NOT NULL,
	`start_date` text NOT NULL,
	`terms` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`accepted_at` integer,
	`accepted_company_id` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`accepted_company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `house_invitations_token_idx` ON `house_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `house_invitations_house_idx` ON `house_invitations` (`house_id`);--> statement-breakpoint
CREATE TABLE `house_join_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`house_id` text NOT NULL,
	`company_id` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`requested_by` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `house_join_requests_house_idx` ON `house_join_requests` (`house_id`,`status`);--> statement-breakpoint
CREATE INDEX `house_join_requests_company_idx` ON `house_join_requests` (`company_id`);--> statement-breakpoint
CREATE TABLE `house_cost_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`house_id` text NOT NULL,
	`month` text NOT NULL,
	`category` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`amount_cents` integer NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `house_cost_lines_month_idx` ON `house_cost_lines` (`house_id`,`month`);--> statement-breakpoint
CREATE TABLE `house_funding` (
	`house_id` text NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`amount_cents` integer,
	`basis_points` integer,
	`label` text DEFAULT '' NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`house_id`, `month`),
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `house_months` (
	`house_id` text NOT NULL,
	`month` text NOT NULL,
	`cost_cents` integer NOT NULL,
	`funding_cents` integer NOT NULL,
	`shared_cents` integer NOT NULL,
	`all_half_days` integer NOT NULL,
	`billed_cents` integer NOT NULL,
	`closed_by` text,
	`closed_at` integer NOT NULL,
	PRIMARY KEY(`house_id`, `month`),
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `house_statements` (
	`house_id` text NOT NULL,
	`month` text NOT NULL,
	`company_id` text NOT NULL,
	`company_name` text NOT NULL,
	`total_cents` integer NOT NULL,
	`half_days` integer NOT NULL,
	`lines` text NOT NULL,
	`people` text NOT NULL,
	PRIMARY KEY(`house_id`, `month`, `company_id`),
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `house_statements_company_idx` ON `house_statements` (`company_id`,`month`);--> statement-breakpoint
CREATE TABLE `statement_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`house_id` text NOT NULL,
	`company_id` text NOT NULL,
	`corrects_month` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`reason` text NOT NULL,
	`billed_in_month` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `statement_adjustments_house_idx` ON `statement_adjustments` (`house_id`,`billed_in_month`);--> statement-breakpoint
CREATE TABLE `operator_audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`details` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `operator_audit_operator_idx` ON `operator_audit_events` (`operator_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `operator_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`email` text,
	`max_uses` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_invitations_token_idx` ON `operator_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `operator_invitations_operator_idx` ON `operator_invitations` (`operator_id`);--> statement-breakpoint
CREATE TABLE `operator_members` (
	`operator_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`operator_id`, `user_id`),
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `operator_members_user_idx` ON `operator_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_slug_unique` ON `operators` (`slug`);--> statement-breakpoint
ALTER TABLE `day_plans` ADD `check_in_method` text;--> statement-breakpoint
ALTER TABLE `houses` ADD `operator_id` text REFERENCES operators(id);--> statement-breakpoint
ALTER TABLE `houses` ADD `opening_days` text DEFAULT '[1,2,3,4,5]' NOT NULL;--> statement-breakpoint
ALTER TABLE `houses` ADD `opens_at` text DEFAULT '08:30' NOT NULL;--> statement-breakpoint
ALTER TABLE `houses` ADD `closes_at` text DEFAULT '18:30' NOT NULL;--> statement-breakpoint
ALTER TABLE `houses` ADD `listed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `house_directory` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Written by hand (drizzle-kit does not model triggers): a closed month is immutable. Its totals
-- and statements can be neither changed nor deleted, and the costs and funding of a closed month
-- can no longer change; a correction is a new row of statement_adjustments.
CREATE TRIGGER `house_months_immutable_update` BEFORE UPDATE ON `house_months`
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_months_immutable_delete` BEFORE DELETE ON `house_months`
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_statements_immutable_update` BEFORE UPDATE ON `house_statements`
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_statements_immutable_delete` BEFORE DELETE ON `house_statements`
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_cost_lines_closed_insert` BEFORE INSERT ON `house_cost_lines`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = NEW.`house_id` AND `month` = NEW.`month`)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_cost_lines_closed_update` BEFORE UPDATE ON `house_cost_lines`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` IN (OLD.`month`, NEW.`month`))
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_cost_lines_closed_delete` BEFORE DELETE ON `house_cost_lines`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` = OLD.`month`)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_funding_closed_insert` BEFORE INSERT ON `house_funding`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = NEW.`house_id` AND `month` = NEW.`month`)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_funding_closed_update` BEFORE UPDATE ON `house_funding`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` IN (OLD.`month`, NEW.`month`))
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
CREATE TRIGGER `house_funding_closed_delete` BEFORE DELETE ON `house_funding`
WHEN EXISTS (SELECT 1 FROM `house_months` WHERE `house_id` = OLD.`house_id` AND `month` = OLD.`month`)
BEGIN SELECT RAISE(ABORT, 'a closed month cannot be changed'); END;--> statement-breakpoint
-- Check-ins made before check-in methods were recorded were one click in the app.
UPDATE `day_plans` SET `check_in_method` = 'click' WHERE `checked_in_at` IS NOT NULL;--> statement-breakpoint
-- /operators and /check-in are now paths of their own: a company that had either slug moves.
UPDATE `companies` SET `slug` = `slug` || '-company-' || substr(`id`, 1, 6) WHERE `slug` IN ('operators', 'check-in');
