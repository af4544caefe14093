// Presence: where people work, day by day (plans, usual weeks) and what they say they are up to.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { placeKinds } from '../../../vocabulary';
import { userId } from './accounts';
import { createdAt, timestamp } from './columns';
import { companyId } from './companies';
import { houses } from './houses';

/** `day` covers the whole day; a day is either one `day` row or `am` and/or `pm` rows. */
/** How a check-in was made. */
export const checkInMethods = ['qr', 'click', 'desk'] as const;
export type CheckInMethod = (typeof checkInMethods)[number];

export const dayHalves = ['day', 'am', 'pm'] as const;
export type DayHalf = (typeof dayHalves)[number];

/**
 * One member's explicit plan (or check-in) for a date, overriding their recurring pattern. The
 * house and the company are both kept: a shared house's running cost is split between companies
 * pro rata of their person-days, which is a sum over (house_id, date) across companies.
 */
export const dayPlans = sqliteTable(
	'day_plans',
	{
		companyId: companyId(),
		userId: userId(),
		/** Calendar date (YYYY-MM-DD) in the time zone of the person's house that day. */
		date: text('date').notNull(),
		half: text('half', { enum: dayHalves }).notNull(),
		kind: text('kind', { enum: placeKinds }).notNull(),
		/** Set when kind = house. A house that gets deleted turns the plan into "not set". */
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		note: text('note').notNull().default(''),
		/**
		 * When the person checked in there, null for a mere plan. Only checked-in rows bill: plans
		 * are forecasts.
		 */
		checkedInAt: timestamp('checked_in_at'),
		/** How: the house's QR code at the door, one click in the app, or the operator's desk. */
		checkInMethod: text('check_in_method', { enum: checkInMethods }),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId, t.date, t.half] }),
		index('day_plans_company_date_idx').on(t.companyId, t.date),
		index('day_plans_house_date_idx').on(t.houseId, t.date),
		// Covers the operator's month figures (network summary, statements): check-ins only, and
		// every column those aggregates read, so they never touch the table's rows. checked_in_at and kind
		// are listed although the condition implies them: SQLite only counts an index as covering
		// when it holds every column the query names, its WHERE clause included.
		index('day_plans_check_ins_idx')
			.on(t.houseId, t.date, t.companyId, t.half, t.userId, t.checkedInAt, t.kind)
			.where(sql`${t.kind} = 'house' and ${t.checkedInAt} is not null`)
	]
);

/**
 * A recurring weekly pattern ("Mon–Tue at the Murat house"): the row with the latest valid_from
 * on or before a date applies to that weekday, so a change affects the weeks from valid_from on
 * and leaves earlier weeks (and the reports on them) as they were. kind = null clears the day.
 */
export const planPatterns = sqliteTable(
	'plan_patterns',
	{
		companyId: companyId(),
		userId: userId(),
		/** ISO weekday, 1 = Monday … 7 = Sunday. */
		weekday: integer('weekday').notNull(),
		/**
		 * First date (YYYY-MM-DD, any weekday) this row applies to: the later of the date chosen
		 * and the person's today when it was saved, so days already past keep what they had.
		 */
		validFrom: text('valid_from').notNull(),
		kind: text('kind', { enum: placeKinds }),
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.companyId, t.userId, t.weekday, t.validFrom] })]
);

/** A person's status in a company: text and emoji, do-not-disturb, gone at the end of their day. */
export const statuses = sqliteTable(
	'statuses',
	{
		companyId: companyId(),
		userId: userId(),
		text: text('text').notNull().default(''),
		emoji: text('emoji').notNull().default(''),
		dndUntil: timestamp('dnd_until'),
		/** End of the day it was set on, in the person's time zone; ignored (and swept) after. */
		expiresAt: timestamp('expires_at').notNull(),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId] }),
		index('statuses_expiry_idx').on(t.expiresAt)
	]
);

export type DayPlan = typeof dayPlans.$inferSelect;
export type PlanPattern = typeof planPatterns.$inferSelect;
export type Status = typeof statuses.$inferSelect;
