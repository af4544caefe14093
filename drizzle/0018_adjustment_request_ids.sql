ALTER TABLE `statement_adjustments` ADD `request_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `statement_adjustments_request_idx` ON `statement_adjustments` (`house_id`,`request_id`);