// Operators: the communes, communities of communes, associations and networks that run houses.
// An operator is its own space, like a company: members with a role, invitations, an audit log,
// and its own URL space (/operators/<slug>). What it runs is in agreements.ts and billing.ts.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex,
	type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core';
import { userId, userRef } from './accounts';
import { createdAt, timestamp } from './columns';

export const operatorRoles = ['admin', 'staff'] as const;
export type OperatorRole = (typeof operatorRoles)[number];

export const operators = sqliteTable('operators', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	/** Under /operators/<slug>: its own URL space, so it never collides with a company's. */
	slug: text('slug').notNull().unique(),
	createdAt: createdAt()
});

/** The operator a row belongs to; an operator's rows go with it. */
export const operatorId = () =>
	text('operator_id')
		.notNull()
		.references((): AnySQLiteColumn => operators.id, { onDelete: 'cascade' });

export const operatorMembers = sqliteTable(
	'operator_members',
	{
		operatorId: operatorId(),
		userId: userId(),
		role: text('role', { enum: operatorRoles }).notNull(),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.operatorId, t.userId] }),
		index('operator_members_user_idx').on(t.userId)
	]
);

export const operatorInvitations = sqliteTable(
	'operator_invitations',
	{
		id: text('id').primaryKey(),
		operatorId: operatorId(),
		/** SHA-256 (hex) of the token in the link. */
		tokenHash: text('token_hash').notNull(),
		role: text('role', { enum: operatorRoles }).notNull(),
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
		uniqueIndex('operator_invitations_token_idx').on(t.tokenHash),
		index('operator_invitations_operator_idx').on(t.operatorId)
	]
);

export const operatorAuditActions = [
	'operator.created',
	'member.joined',
	'member.role_changed',
	'member.removed',
	'member.left',
	/** The member deleted their account (the subject keeps their name, as for a leave). */
	'member.account_deleted',
	'invitation.created',
	'invitation.revoked',
	'house.created',
	'house.updated',
	'house.archived',
	'house.unarchived',
	'company.invited',
	'company.invitation_revoked',
	'company.joined',
	'join.requested',
	'join.accepted',
	'join.declined',
	'join.withdrawn',
	'agreement.terms_changed',
	'agreement.ended',
	'costs.changed',
	'funding.changed',
	'month.closed',
	'adjustment.created',
	'check_in.confirmed',
	'check_in.withdrawn'
] as const;
export type OperatorAuditAction = (typeof operatorAuditActions)[number];

export const operatorAuditEvents = sqliteTable(
	'operator_audit_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		operatorId: operatorId(),
		actorId: userRef('actor_id'),
		action: text('action', { enum: operatorAuditActions }).notNull(),
		/** What the action was about, kept as text so the log survives deletions. */
		subject: text('subject').notNull().default(''),
		details: text('details', { mode: 'json' }).$type<Record<string, string | number | null>>(),
		createdAt: createdAt()
	},
	(t) => [index('operator_audit_operator_idx').on(t.operatorId, t.createdAt)]
);

export type Operator = typeof operators.$inferSelect;
export type OperatorMember = typeof operatorMembers.$inferSelect;
export type OperatorInvitation = typeof operatorInvitations.$inferSelect;
