// Houses: the places people work from. A house stands on its own so that several companies can
// share one; which companies work in it is `company_houses` (companies.ts).
import { sql } from 'drizzle-orm';
import { blob, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { userRef } from './accounts';
import { createdAt, timestamp } from './columns';
import { operators } from './operators';

export const houses = sqliteTable('houses', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	commune: text('commune').notNull(),
	address: text('address').notNull().default(''),
	seats: integer('seats').notNull(),
	timeZone: text('time_zone').notNull(),
	/**
	 * A company's private house: its running cost in euro cents per month, for the company's own
	 * occupancy report. An operated house records its costs month by month (house_cost_lines).
	 */
	monthlyCostCents: integer('monthly_cost_cents').notNull().default(0),
	/** The operator that runs the house; null for a company's private house. */
	operatorId: text('operator_id').references((): AnySQLiteColumn => operators.id),
	/** ISO weekdays it opens (1 = Monday) and its hours, `HH:MM` in its time zone. */
	openingDays: text('opening_days', { mode: 'json' })
		.$type<number[]>()
		.notNull()
		.default(sql`'[1,2,3,4,5]'`),
	opensAt: text('opens_at').notNull().default('08:30'),
	closesAt: text('closes_at').notNull().default('18:30'),
	/** Listed by its operator: companies may ask to join it. */
	listed: integer('listed', { mode: 'boolean' }).notNull().default(false),
	/**
	 * The house's internet link as whoever manages the house declared it, in kbit/s; null when
	 * not declared. Calls from the house keep their total within it (docs/media.md).
	 */
	uplinkKbps: integer('uplink_kbps'),
	downlinkKbps: integer('downlink_kbps'),
	archivedAt: timestamp('archived_at'),
	createdAt: createdAt()
});

export type House = typeof houses.$inferSelect;

/**
 * A house's photo (optional, one per house): the image as the browser resized and re-encoded it,
 * stored beside the house so a backup of the database holds it too. Small by design (a few
 * hundred kilobytes at most), so a blob column is cheaper than a file store to keep consistent.
 */
export const housePhotos = sqliteTable('house_photos', {
	houseId: text('house_id')
		.primaryKey()
		.references(() => houses.id, { onDelete: 'cascade' }),
	/** image/jpeg or image/webp, checked against the bytes' signature on upload. */
	contentType: text('content_type').notNull(),
	data: blob('data', { mode: 'buffer' }).notNull(),
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	updatedBy: userRef('updated_by'),
	updatedAt: timestamp('updated_at').notNull()
});

export type HousePhoto = typeof housePhotos.$inferSelect;
