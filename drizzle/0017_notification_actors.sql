-- A notification names who did it through `actor_id` (a reference, null once their account is
-- gone) instead of a copy of their name in its payload: a deleted account's name then leaves every
-- colleague's notifications with it. drizzle-kit writes this ALTER without its ON DELETE (its
-- issue #5619): added here by hand, as the schema says.
ALTER TABLE `notifications` ADD `actor_id` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
-- The rows written before get their actor back. A knock and a meeting room say exactly who it was
-- (neither is ever deleted but with its company or a person): when the knock is gone or the
-- room's creator is null, that person's account was deleted, and the name goes below.
UPDATE `notifications` SET `actor_id` = (
	SELECT `from_user_id` FROM `knocks` WHERE `knocks`.`id` = substr(`notifications`.`dedupe_key`, 7)
) WHERE `kind` = 'knock' AND `dedupe_key` LIKE 'knock:%';--> statement-breakpoint
UPDATE `notifications` SET `actor_id` = (
	SELECT `created_by` FROM `rooms` WHERE `rooms`.`id` = substr(`notifications`.`dedupe_key`, 13)
) WHERE `kind` = 'room_invite' AND `dedupe_key` LIKE 'room_invite:%';--> statement-breakpoint
-- A mention, a task or someone joining a house's room: the one member of the notification's
-- company with the name it quotes. With none or two of that name, the row keeps its name.
UPDATE `notifications` SET `actor_id` = (
	SELECT `m`.`user_id` FROM `memberships` `m` INNER JOIN `users` `u` ON `u`.`id` = `m`.`user_id`
	WHERE `m`.`company_id` = `notifications`.`company_id`
		AND `u`.`name` = json_extract(`notifications`.`payload`, CASE `notifications`.`kind` WHEN 'house_room_joined' THEN '$.name' ELSE '$.actor' END)
) WHERE `kind` IN ('mention', 'task_assigned', 'house_room_joined')
	AND (
		SELECT count(*) FROM `memberships` `m` INNER JOIN `users` `u` ON `u`.`id` = `m`.`user_id`
		WHERE `m`.`company_id` = `notifications`.`company_id`
			AND `u`.`name` = json_extract(`notifications`.`payload`, CASE `notifications`.`kind` WHEN 'house_room_joined' THEN '$.name' ELSE '$.actor' END)
	) = 1;--> statement-breakpoint
-- The name a row quotes goes where the actor is known (the text reads it from them), where the
-- knock or room says the account was deleted, and where the company's audit log recorded the
-- deletion of an account of that name (the entry keeps it as its subject): "A former member".
UPDATE `notifications` SET `payload` = json_remove(`payload`, '$.actor')
WHERE `kind` IN ('mention', 'task_assigned', 'room_invite', 'knock') AND (
	`actor_id` IS NOT NULL
	OR `kind` IN ('room_invite', 'knock')
	OR json_extract(`payload`, '$.actor') IN (
		SELECT `subject` FROM `audit_events` WHERE `audit_events`.`company_id` = `notifications`.`company_id` AND `action` = 'member.account_deleted'
	)
);--> statement-breakpoint
UPDATE `notifications` SET `payload` = json_remove(`payload`, '$.name')
WHERE `kind` = 'house_room_joined' AND (
	`actor_id` IS NOT NULL
	OR json_extract(`payload`, '$.name') IN (
		SELECT `subject` FROM `audit_events` WHERE `audit_events`.`company_id` = `notifications`.`company_id` AND `action` = 'member.account_deleted'
	)
);
