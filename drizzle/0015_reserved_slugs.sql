-- Paths reserved after companies could already hold them as slugs (src/lib/server/companies/slug.ts):
-- a route wins over a company's pages, so such a company could not be reached. Renamed as slugify
-- names a new one ("<slug>-company"), with the row id added where that is taken too.
UPDATE `companies` SET `slug` = `slug` || '-company'
WHERE `slug` IN ('forgot-password', 'reset-password', 'icons')
	AND NOT EXISTS (SELECT 1 FROM `companies` AS `other` WHERE `other`.`slug` = `companies`.`slug` || '-company');
--> statement-breakpoint
UPDATE `companies` SET `slug` = `slug` || '-company-' || `rowid`
WHERE `slug` IN ('forgot-password', 'reset-password', 'icons');
