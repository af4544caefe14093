CREATE TABLE `standup_visits` (
	`run_id` text NOT NULL,
	`user_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	PRIMARY KEY(`run_id`, `user_id`, `joined_at`),
	FOREIGN KEY (`run_id`) REFERENCES `standup_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `standup_attendance` ADD `late` integer DEFAULT false NOT NULL;