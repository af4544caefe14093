// Houses: the places people work from. A house stands on its own so that several companies can
// share one; which companies work in it is `company_houses` (companies.ts).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp } from './columns';

export const houses = sqliteTable('houses', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	commune: text('commune').notNull(),
	address: text('address').notNull().default(''),
	seats: integer('seats').notNull(),
	timeZone: text('time_zone').notNull(),
	/** Running cost in euro cents per month, shared later pro rata of person-days. */
	monthlyCostCents: integer('monthly_cost_cents').notNull().default(0),
	archivedAt: timestamp('archived_at'),
	createdAt: createdAt()
});

export type House = typeof houses.$inferSelect;
