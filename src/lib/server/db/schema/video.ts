// Video rooms: who may enter, who is in them now (from LiveKit webhooks), and their chat.
import {
	index,
	integer,
	primaryKey,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import { roomKinds } from '../../../vocabulary';
import { userId, userRef, users } from './accounts';
import { belongsTo, createdAt, insertedAt, timestamp } from './columns';
import { companyId } from './companies';
import { houses } from './houses';

export const roomAccesses = ['everyone', 'invited'] as const;
export type RoomAccess = (typeof roomAccesses)[number];

/** A video room of a company; its LiveKit name is derived from ids, never from free text. */
export const rooms = sqliteTable(
	'rooms',
	{
		id: text('id').primaryKey(),
		companyId: companyId(),
		kind: text('kind', { enum: roomKinds }).notNull(),
		/** The house of a house room. */
		houseId: text('house_id').references(() => houses.id, { onDelete: 'cascade' }),
		/** Permanent rooms ('all_hands', 'house:<id>') exist once per company; null for meetings. */
		slot: text('slot'),
		/** Meeting rooms only: house rooms take their house's name, the all-hands room its label. */
		name: text('name').notNull().default(''),
		description: text('description').notNull().default(''),
		access: text('access', { enum: roomAccesses }).notNull().default('everyone'),
		/** A meeting room given a time: when it starts and how long it lasts (calendar feeds). */
		scheduledAt: timestamp('scheduled_at'),
		durationMinutes: integer('duration_minutes'),
		livekitName: text('livekit_name').notNull(),
		/** A short-lived room (a knock's call for two): archived after this moment once empty. */
		expiresAt: timestamp('expires_at'),
		createdBy: userRef('created_by'),
		archivedAt: timestamp('archived_at'),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('rooms_livekit_name_idx').on(t.livekitName),
		uniqueIndex('rooms_slot_idx').on(t.companyId, t.slot),
		index('rooms_company_idx').on(t.companyId)
	]
);

/** Who may enter a meeting room open to chosen people (its creator always may). */
export const roomInvitees = sqliteTable(
	'room_invitees',
	{
		roomId: belongsTo('room_id', () => rooms.id),
		userId: userId()
	},
	(t) => [primaryKey({ columns: [t.roomId, t.userId] })]
);

/** Who is in which room right now, from LiveKit webhooks, reconciled with the media server. */
export const roomPresence = sqliteTable(
	'room_presence',
	{
		roomId: belongsTo('room_id', () => rooms.id),
		/** LiveKit identity = user id (no foreign key: a webhook may name a user since deleted). */
		identity: text('identity').notNull(),
		participantSid: text('participant_sid').notNull(),
		name: text('name').notNull(),
		houseId: text('house_id'),
		/** This participant is a house's room device (carries the room's camera and microphone). */
		roomDevice: integer('room_device', { mode: 'boolean' }).notNull().default(false),
		joinedAt: timestamp('joined_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.roomId, t.identity] })]
);

/** LiveKit webhook events already applied, so a retried or replayed event changes nothing. */
export const livekitWebhookEvents = sqliteTable(
	'livekit_webhook_events',
	{
		id: text('id').primaryKey(),
		event: text('event').notNull(),
		/** The participant it was about: a late "joined" after its "left" is not applied. */
		participantSid: text('participant_sid'),
		/** When LiveKit says the event happened. */
		eventAt: timestamp('event_at').notNull(),
		receivedAt: insertedAt('received_at')
	},
	(t) => [
		index('livekit_webhook_events_received_idx').on(t.receivedAt),
		index('livekit_webhook_events_participant_idx').on(t.participantSid, t.event)
	]
);

/** A room's chat, sent over LiveKit data messages and saved by the sender through the app. */
export const roomChatMessages = sqliteTable(
	'room_chat_messages',
	{
		id: text('id').primaryKey(),
		roomId: belongsTo('room_id', () => rooms.id),
		userId: userRef('user_id'),
		/** The sender's id for the message, shared with the data message, so a retry saves it once. */
		clientId: text('client_id').notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('room_chat_client_idx').on(t.roomId, t.clientId),
		index('room_chat_room_idx').on(t.roomId, t.createdAt)
	]
);

export type Room = typeof rooms.$inferSelect;
export type RoomPresence = typeof roomPresence.$inferSelect;
export type RoomChatMessage = typeof roomChatMessages.$inferSelect;

export const knockStatuses = ['ringing', 'accepted', 'declined', 'missed', 'cancelled'] as const;
export type KnockStatus = (typeof knockStatuses)[number];

/**
 * A knock: one person asks another, in their company, for a quick call. Accepting opens a
 * short-lived meeting room for the two (`room_id`) and takes both there.
 */
export const knocks = sqliteTable(
	'knocks',
	{
		id: text('id').primaryKey(),
		companyId: companyId(),
		fromUserId: belongsTo('from_user_id', () => users.id),
		toUserId: belongsTo('to_user_id', () => users.id),
		status: text('status', { enum: knockStatuses }).notNull().default('ringing'),
		/** The call the accepted knock opened. */
		roomId: text('room_id').references(() => rooms.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		answeredAt: timestamp('answered_at')
	},
	(t) => [
		index('knocks_to_idx').on(t.toUserId, t.createdAt),
		index('knocks_from_idx').on(t.fromUserId, t.createdAt)
	]
);
