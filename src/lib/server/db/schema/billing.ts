// A house's money: its running costs and funding month by month, the months its operator closed,
// each company's statement for them, and corrections billed with a later month.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { StatementLine } from '../../billing/month-statement';
import { userRef } from './accounts';
import { companyId } from './companies';
import { timestamp, createdAt } from './columns';
import { houses } from './houses';

export const costCategories = [
	'rent',
	'energy',
	'connectivity',
	'cleaning',
	'insurance',
	'maintenance',
	'equipment',
	'other'
] as const;
export type CostCategory = (typeof costCategories)[number];

/** A running cost of a house for one month (rent, energy, …), in cents. */
export const houseCostLines = sqliteTable(
	'house_cost_lines',
	{
		id: text('id').primaryKey(),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		/** `YYYY-MM`. */
		month: text('month').notNull(),
		category: text('category', { enum: costCategories }).notNull(),
		label: text('label').notNull().default(''),
		amountCents: integer('amount_cents').notNull(),
		createdBy: userRef('created_by'),
		createdAt: createdAt(),
		/** The add form's one-time id: the same form sent twice adds one line (addCostLine). */
		requestId: text('request_id')
	},
	(t) => [
		index('house_cost_lines_month_idx').on(t.houseId, t.month),
		uniqueIndex('house_cost_lines_request_idx').on(t.houseId, t.requestId)
	]
);

export const fundingKinds = ['amount', 'percent'] as const;

/** The part of a month's costs covered by public funding or the commune: an amount or a percentage. */
export const houseFunding = sqliteTable(
	'house_funding',
	{
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		month: text('month').notNull(),
		kind: text('kind', { enum: fundingKinds }).notNull(),
		amountCents: integer('amount_cents'),
		/** Hundredths of a percent (2550 = 25.5 %). */
		basisPoints: integer('basis_points'),
		label: text('label').notNull().default(''),
		updatedBy: userRef('updated_by'),
		updatedAt: timestamp('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.houseId, t.month] })]
);

/**
 * A closed month of a house: its totals as computed at closing. Closed months are immutable: the
 * migration adds triggers that refuse any update or delete of these rows and of their
 * statements, and any change to that month's costs and funding. A house with closed months is
 * never deleted (no cascade): it is archived.
 */
export const houseMonths = sqliteTable(
	'house_months',
	{
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id),
		month: text('month').notNull(),
		costCents: integer('cost_cents').notNull(),
		fundingCents: integer('funding_cents').notNull(),
		sharedCents: integer('shared_cents').notNull(),
		allHalfDays: integer('all_half_days').notNull(),
		billedCents: integer('billed_cents').notNull(),
		/**
		 * The house's and its operator's names at closing: what the month's statements show, as
		 * an issued bill keeps its issuer's name (a rename later changes the house's pages only).
		 */
		houseName: text('house_name').notNull().default(''),
		operatorName: text('operator_name').notNull().default(''),
		closedBy: userRef('closed_by'),
		closedAt: timestamp('closed_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.houseId, t.month] })]
);

/**
 * One company's statement for a closed month: its lines with their figures, and each person's
 * half-days (names as they were; shown to that company only, never to the operator).
 */
export const houseStatements = sqliteTable(
	'house_statements',
	{
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id),
		month: text('month').notNull(),
		/** No foreign key: a closed month's statement outlives the company it was for. */
		companyId: text('company_id').notNull(),
		companyName: text('company_name').notNull(),
		totalCents: integer('total_cents').notNull(),
		halfDays: integer('half_days').notNull(),
		lines: text('lines', { mode: 'json' }).$type<StatementLine[]>().notNull(),
		people: text('people', { mode: 'json' })
			.$type<Array<{ userId: string; name: string; halfDays: number }>>()
			.notNull()
	},
	(t) => [
		primaryKey({ columns: [t.houseId, t.month, t.companyId] }),
		index('house_statements_company_idx').on(t.companyId, t.month)
	]
);

/**
 * A correction of a closed month: never a change to it, but a line billed with the next month of
 * the house that closes (billed_in_month then set), with its reason.
 */
export const statementAdjustments = sqliteTable(
	'statement_adjustments',
	{
		id: text('id').primaryKey(),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id),
		companyId: companyId(),
		correctsMonth: text('corrects_month').notNull(),
		amountCents: integer('amount_cents').notNull(),
		reason: text('reason').notNull(),
		billedInMonth: text('billed_in_month'),
		createdBy: userRef('created_by'),
		createdAt: createdAt(),
		/**
		 * The form's one-time id (a new one each time the form is drawn): the same form sent twice
		 * (a double click without scripts, the browser's "resend") records one correction, not two
		 * billed. null for corrections recorded before it existed.
		 */
		requestId: text('request_id')
	},
	(t) => [
		index('statement_adjustments_house_idx').on(t.houseId, t.billedInMonth),
		uniqueIndex('statement_adjustments_request_idx').on(t.houseId, t.requestId)
	]
);

export type HouseCostLine = typeof houseCostLines.$inferSelect;
export type HouseFunding = typeof houseFunding.$inferSelect;
export type HouseMonth = typeof houseMonths.$inferSelect;
export type HouseStatement = typeof houseStatements.$inferSelect;
export type StatementAdjustment = typeof statementAdjustments.$inferSelect;
