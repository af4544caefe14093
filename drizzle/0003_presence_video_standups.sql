CREATE TABLE `blockers` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`standup_id` text NOT NULL,
	`raised_in_run_id` text,
	`text` text NOT NULL,
	`owner_id` text,
	`state` text NOT NULL,
	`resolved_at` integer,
	`resolved_in_run_id` text,
	`resolved_by` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`raised_in_run_id`) REFERENCES `standup_runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_in_run_id`) REFERENCES `standup_runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `blockers_standup_idx` ON `blockers` (`standup_id`,`state`);--> statement-breakpoint
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
CREATE TABLE `livekit_webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`participant_sid` text,
	`event_at` integer NOT NULL,
	`received_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `livekit_webhook_events_received_idx` ON `livekit_webhook_events` (`received_at`);--> statement-breakpoint
CREATE INDEX `livekit_webhook_events_participant_idx` ON `livekit_webhook_events` (`participant_sid`,`event`);--> statement-breakpoint
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
CREATE TABLE `room_chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`room_id` text NOT NULL,
	`user_id` text,
	`client_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `room_chat_client_idx` ON `room_chat_messages` (`room_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `room_chat_room_idx` ON `room_chat_messages` (`room_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `room_invitees` (
	`room_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`room_id`, `user_id`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `room_presence` (
	`room_id` text NOT NULL,
	`identity` text NOT NULL,
	`participant_sid` text NOT NULL,
	`name` text NOT NULL,
	`house_id` text,
	`room_device` integer DEFAULT false NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `identity`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`kind` text NOT NULL,
	`house_id` text,
	`slot` text,
	`name` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`access` text DEFAULT 'everyone' NOT NULL,
	`livekit_name` text NOT NULL,
	`created_by` text,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_livekit_name_idx` ON `rooms` (`livekit_name`);--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_slot_idx` ON `rooms` (`company_id`,`slot`);--> statement-breakpoint
CREATE INDEX `rooms_company_idx` ON `rooms` (`company_id`);--> statement-breakpoint
CREATE TABLE `standup_answers` (
	`run_id` text NOT NULL,
	`user_id` text NOT NULL,
	`answers` text NOT NULL,
	`submitted_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `user_id`),
	FOREIGN KEY (`run_id`) REFERENCES `standup_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `standup_attendance` (
	`run_id` text NOT NULL,
	`user_id` text NOT NULL,
	`house_id` text,
	`house_name` text,
	`attended` integer NOT NULL,
	`answered_on_time` integer NOT NULL,
	PRIMARY KEY(`run_id`, `user_id`),
	FOREIGN KEY (`run_id`) REFERENCES `standup_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `standup_houses` (
	`standup_id` text NOT NULL,
	`house_id` text NOT NULL,
	PRIMARY KEY(`standup_id`, `house_id`),
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`house_id`) REFERENCES `houses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `standup_participants` (
	`standup_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`standup_id`, `user_id`),
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `standup_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`standup_id` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `standup_questions_standup_idx` ON `standup_questions` (`standup_id`,`position`);--> statement-breakpoint
CREATE TABLE `standup_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`standup_id` text NOT NULL,
	`company_id` text NOT NULL,
	`date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`status` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`summary_document_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`standup_id`) REFERENCES `standups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`summary_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `standup_runs_date_idx` ON `standup_runs` (`standup_id`,`date`);--> statement-breakpoint
CREATE TABLE `standups` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`audience` text NOT NULL,
	`days` text NOT NULL,
	`time` text NOT NULL,
	`time_zone` text NOT NULL,
	`speaker_seconds` integer NOT NULL,
	`runners` text NOT NULL,
	`opens_minutes_before` integer NOT NULL,
	`room_id` text,
	`created_by` text,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `standups_company_idx` ON `standups` (`company_id`);--> statement-breakpoint
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