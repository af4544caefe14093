// Companies in an operated house: the agreement that links each company to the house, its
// versioned terms, and the two ways a link starts (the operator's invitation, the company's
// request to join a listed house).
import { sql } from 'drizzle-orm';
import { index, sqliteTable, text, uniqueIndex, integer } from 'drizzle-orm/sqlite-core';
import { emptyMonthRules, tariffModels, type AgreementTerms } from '../../../billing/terms';
import { userRef } from './accounts';
import { companies, companyId } from './companies';
import { createdAt, timestamp } from './columns';
import { houses } from './houses';
import { operatorId } from './operators';

export {
	emptyMonthRules,
	tariffModels,
	type EmptyMonthRule,
	type TariffModel
} from '../../../billing/terms';

/**
 * The link between a company and a house its operator runs, and the terms it works under. Its
 * terms change through new rows of agreement_terms, never in place. A company that left a house
 * and comes back gets a new agreement: the ended one stays as the record its months were billed
 * under. A company's agreements for one house never overlap (checked when one starts) and at most
 * one of them has no end date (the partial unique index).
 */
export const agreements = sqliteTable(
	'agreements',
	{
		id: text('id').primaryKey(),
		operatorId: operatorId(),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		companyId: companyId(),
		/** First and last dates (YYYY-MM-DD, the house's calendar); no end = until ended. */
		startDate: text('start_date').notNull(),
		endDate: text('end_date'),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [
		index('agreements_house_company_idx').on(t.houseId, t.companyId, t.startDate),
		uniqueIndex('agreements_open_idx')
			.on(t.houseId, t.companyId)
			.where(sql`${t.endDate} is null`),
		index('agreements_company_idx').on(t.companyId)
	]
);

/**
 * One version of an agreement's terms, in force from valid_from until the next version: a change
 * applies from a date, and the months billed before it keep the terms they were billed under.
 */
export const agreementTerms = sqliteTable(
	'agreement_terms',
	{
		id: text('id').primaryKey(),
		agreementId: text('agreement_id')
			.notNull()
			.references(() => agreements.id, { onDelete: 'cascade' }),
		validFrom: text('valid_from').notNull(),
		reservedSeats: integer('reserved_seats').notNull().default(0),
		model: text('model', { enum: tariffModels }).notNull(),
		dayRateCents: integer('day_rate_cents'),
		halfDayRateCents: integer('half_day_rate_cents'),
		fixedMonthlyCents: integer('fixed_monthly_cents'),
		monthlyCapCents: integer('monthly_cap_cents'),
		emptyMonthRule: text('empty_month_rule', { enum: emptyMonthRules }).notNull(),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('agreement_terms_version_idx').on(t.agreementId, t.validFrom)]
);

/** The terms an invitation or a join request proposes, before they become a first version. */
export type ProposedTerms = Omit<AgreementTerms, 'id' | 'validFrom'>;

/**
 * An operator's invitation of a company to one of its houses: a link for that company's owner or
 * manager, who picks which of their companies joins; accepting starts the agreement.
 */
export const houseInvitations = sqliteTable(
	'house_invitations',
	{
		id: text('id').primaryKey(),
		operatorId: operatorId(),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		/** SHA-256 (hex) of the token in the link. */
		tokenHash: text('token_hash').notNull(),
		/** Who it is meant for, as the operator wrote it (shown on the link's page). */
		companyName: text('company_name').notNull(),
		startDate: text('start_date').notNull(),
		terms: text('terms', { mode: 'json' }).$type<ProposedTerms>().notNull(),
		expiresAt: timestamp('expires_at').notNull(),
		revokedAt: timestamp('revoked_at'),
		acceptedAt: timestamp('accepted_at'),
		acceptedCompanyId: text('accepted_company_id').references(() => companies.id, {
			onDelete: 'set null'
		}),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('house_invitations_token_idx').on(t.tokenHash),
		index('house_invitations_house_idx').on(t.houseId)
	]
);

export const joinRequestStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type JoinRequestStatus = (typeof joinRequestStatuses)[number];

/** A company asking to join a house its operator lists; the operator accepts (with terms) or declines. */
export const houseJoinRequests = sqliteTable(
	'house_join_requests',
	{
		id: text('id').primaryKey(),
		houseId: text('house_id')
			.notNull()
			.references(() => houses.id, { onDelete: 'cascade' }),
		companyId: companyId(),
		message: text('message').notNull().default(''),
		status: text('status', { enum: joinRequestStatuses }).notNull(),
		requestedBy: userRef('requested_by'),
		decidedBy: userRef('decided_by'),
		decidedAt: timestamp('decided_at'),
		createdAt: createdAt()
	},
	(t) => [
		index('house_join_requests_house_idx').on(t.houseId, t.status),
		index('house_join_requests_company_idx').on(t.companyId)
	]
);

export type Agreement = typeof agreements.$inferSelect;
export type AgreementTermsRow = typeof agreementTerms.$inferSelect;
export type HouseInvitation = typeof houseInvitations.$inferSelect;
export type HouseJoinRequest = typeof houseJoinRequests.$inferSelect;
