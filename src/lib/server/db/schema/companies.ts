// Companies and who belongs to them: memberships, invitations, the houses a company works in,
// and the audit log of what its people did.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { roles } from '../../../vocabulary';
import { userId, userRef } from './accounts';
import { belongsTo, createdAt, timestamp } from './columns';
import { houses } from './houses';

export const companies = sqliteTable('companies', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	createdAt: createdAt()
});

/** The company a row belongs to (`company_id`): deleting the company deletes the row. */
export const companyId = () => belongsTo('company_id', () => companies.id);

/** The houses a company works in; here rather than in houses.ts, which needs no company. */
export const companyHouses = sqliteTable(
	'company_houses',
	{
		companyId: companyId(),
		houseId: belongsTo('house_id', () => houses.id),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.houseId] }),
		index('company_houses_house_idx').on(t.houseId)
	]
);

export const memberships = sqliteTable(
	'memberships',
	{
		companyId: companyId(),
		userId: userId(),
		role: text('role', { enum: roles }).notNull(),
		homeHouseId: text('home_house_id').references(() => houses.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.userId] }),
		index('memberships_user_idx').on(t.userId)
	]
);

export const invitations = sqliteTable(
	'invitations',
	{
		id: text('id').primaryKey(),
		companyId: companyId(),
		/** SHA-256 (hex) of the token in the link. */
		tokenHash: text('token_hash').notNull(),
		role: text('role', { enum: roles }).notNull(),
		/** When set, only a user with this (lower-cased) email may accept. */
		email: text('email'),
		/** null = any number of uses until expiry. */
		maxUses: integer('max_uses'),
		uses: integer('uses').notNull().default(0),
		expiresAt: timestamp('expires_at').notNull(),
		revokedAt: timestamp('revoked_at'),
		createdBy: userRef('created_by'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('invitations_token_idx').on(t.tokenHash),
		index('invitations_company_idx').on(t.companyId)
	]
);

export const auditActions = [
	'company.created',
	'member.joined',
	'member.role_changed',
	'member.removed',
	'member.left',
	/** The member deleted their account (the subject keeps their name, as for a leave). */
	'member.account_deleted',
	'member.reset_link_created',
	'invitation.created',
	'invitation.revoked',
	'house.created',
	/** The company joined a house an operator runs, under an agreement. */
	'house.joined',
	/** The company withdrew its request to join an operator's house. */
	'house.join_withdrawn',
	'house.updated',
	'house.archived',
	'house.unarchived',
	'document.created',
	'document.archived',
	'document.unarchived',
	'document.deleted',
	'document.restored',
	'standup.created',
	'standup.updated',
	'standup.archived'
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEvents = sqliteTable(
	'audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		companyId: companyId(),
		actorId: userRef('actor_id'),
		action: text('action', { enum: auditActions }).notNull(),
		/** What the action was about, kept as text so the log survives deletions. */
		subject: text('subject').notNull().default(''),
		details: text('details', { mode: 'json' }).$type<Record<string, string | number | null>>(),
		createdAt: createdAt()
	},
	(t) => [index('audit_company_idx').on(t.companyId, t.createdAt)]
);

export type Company = typeof companies.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
