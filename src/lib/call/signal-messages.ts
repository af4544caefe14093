// What people in a call send each other beside audio and video: chat messages, a raised hand and
// reactions, as LiveKit data messages whose topic says the kind and whose payload is JSON.
// Pure, so what is accepted from another client is tested without a Room.

/** Data message topics; every payload is JSON. */
export const TOPIC = {
	chat: 'hameau.chat',
	hand: 'hameau.hand',
	reaction: 'hameau.reaction'
} as const;

export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '🤔'] as const;

/** The longest chat message kept, sent or received (the app refuses longer ones too). */
export const MAX_CHAT_BODY = 2000;

export type ChatEntry = {
	id: string;
	userId: string | null;
	name: string;
	body: string;
	at: number;
	/** The sender's save through the app failed: sent live, not kept. */
	unsaved?: boolean;
};

export type Reaction = { id: string; identity: string; name: string; emoji: string };

/** A data message understood, by kind. */
export type Signal =
	| { kind: 'chat'; id: string; body: string }
	| { kind: 'hand'; raised: boolean }
	| { kind: 'reaction'; emoji: (typeof REACTIONS)[number] };

export function encodeSignal(payload: unknown) {
	return new TextEncoder().encode(JSON.stringify(payload));
}

/**
 * Reads a data message; null for anything that is not one of ours (another client in the room, a
 * reaction outside the list). A chat body is cut to MAX_CHAT_BODY.
 */
export function parseSignal(topic: string | undefined, payload: Uint8Array): Signal | null {
	let data: Record<string, unknown>;
	try {
		data = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
	} catch {
		// Not JSON, so not one of ours: nothing to show.
		return null;
	}
	if (!data || typeof data !== 'object') return null;
	if (topic === TOPIC.chat && typeof data.id === 'string' && typeof data.body === 'string') {
		return { kind: 'chat', id: data.id, body: data.body.slice(0, MAX_CHAT_BODY) };
	}
	if (topic === TOPIC.hand && typeof data.raised === 'boolean') {
		return { kind: 'hand', raised: data.raised };
	}
	if (topic === TOPIC.reaction && isReaction(data.emoji)) {
		return { kind: 'reaction', emoji: data.emoji };
	}
	return null;
}

function isReaction(value: unknown): value is (typeof REACTIONS)[number] {
	return typeof value === 'string' && (REACTIONS as readonly string[]).includes(value);
}

/** The raised hands after one person raised or lowered theirs: the latest raised comes last. */
export function withHand(hands: string[], identity: string, raised: boolean): string[] {
	const others = hands.filter((other) => other !== identity);
	return raised ? [...others, identity] : others;
}
