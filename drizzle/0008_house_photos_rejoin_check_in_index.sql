CREATE TABLE `house_photos` (
	`house_id` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`data` blob NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
DROP INDEX `agreements_house_company_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_open_idx` ON `agreements` (`house_id`,`company_id`) WHERE "agreements"."end_date" is null;--> statement-breakpoint
CREATE INDEX `agreements_house_company_idx` ON `agreements` (`house_id`,`company_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `day_plans_check_ins_idx` ON `day_plans` (`house_id`,`date`,`company_id`,`half`,`user_id`) WHERE "day_plans"."kind" = 'house' and "day_plans"."checked_in_at" is not null;