CREATE TABLE `day_plans` (
	`company_id` text NOT NULL,
	`user_id` text NOT NULL,
	`date` text NOT NULL,
	`half` text NOT NULL,
	`kind` text NOT NULL,
	`house_id` text,
	`note` text DEFAULT '' NOT NULL,
	`checked_in_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `user_id`, `date`, `half`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `day_plans_company_date_idx` ON `day_plans` (`company_id`,`date`);--> statement-breakpoint
CREATE INDEX `day_plans_house_date_idx` ON `day_plans` (`house_id`,`date`);--> statement-breakpoint
CREATE TABLE `plan_patterns` (
	`company_id` text NOT NULL,
	`user_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`valid_from` text NOT NULL,
	`kind` text,
	`house_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`company_id`, `user_id`, `weekday`, `valid_from`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `statuses` (
	`company_id` text NOT NULL,
	`user_id` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`emoji` text DEFAULT '' NOT NULL,
	`dnd_until` integer,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `user_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `statuses_expiry_idx` ON `statuses` (`expires_at`);