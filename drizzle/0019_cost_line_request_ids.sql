ALTER TABLE `house_cost_lines` ADD `request_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `house_cost_lines_request_idx` ON `house_cost_lines` (`house_id`,`request_id`);