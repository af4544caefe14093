// A room's chat history. Messages travel live over LiveKit data messages; each sender also saves
// its own here, so the next visit (and the house room, like a channel) shows what was said.
import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '../db';
import { roomChatMessages, users } from '../db/schema';
import { newId } from '../ids';

/** Longest chat message, in characters. */
export const CHAT_MESSAGE_MAX = 2000;
/** How many past messages a call page shows. */
export const CHAT_HISTORY_SIZE = 200;

export type ChatMessageView = {
	id: string;
	userId: string | null;
	name: string;
	body: string;
	at: Date;
};

/** Saves a message once per (room, clientId): a retried save changes nothing. */
export function saveChatMessage(
	roomId: string,
	userId: string,
	clientId: string,
	body: string
): { saved: boolean } {
	const result = getDb()
		.insert(roomChatMessages)
		.values({ id: newId(), roomId, userId, clientId, body })
		.onConflictDoNothing()
		.run();
	return { saved: result.changes > 0 };
}

/** The latest messages of a room, oldest first; `id` is the sender's message id. */
export function chatHistory(roomId: string, limit = CHAT_HISTORY_SIZE): ChatMessageView[] {
	const latest = getDb()
		.select({
			id: roomChatMessages.clientId,
			userId: roomChatMessages.userId,
			name: sql<string>`coalesce(${users.name}, '')`,
			body: roomChatMessages.body,
			at: roomChatMessages.createdAt
		})
		.from(roomChatMessages)
		.leftJoin(users, eq(roomChatMessages.userId, users.id))
		.where(eq(roomChatMessages.roomId, roomId))
		.orderBy(desc(roomChatMessages.createdAt), desc(sql`${roomChatMessages}.rowid`))
		.limit(limit)
		.all();
	return latest.reverse();
}
