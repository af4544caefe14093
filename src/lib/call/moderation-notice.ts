// What a person is told when a manager mutes their microphone or turns their camera off. The
// media server says only that a track was muted (LiveKit's "remote mute"), not by whom: the app's
// server sends this data message to that person alone, from the server (no participant can send
// in its name). Pure, so what is accepted is tested without a Room.

/** The data message's topic; its payload is JSON. */
export const MODERATION_TOPIC = 'hameau.moderation';

export type MutedSource = 'microphone' | 'camera';

/** Who muted which of the person's tracks (null: not said, a mute from elsewhere). */
export type ModerationNotice = { source: MutedSource; by: string | null };

/** The longest name shown: the server sends the manager's account name, shorter than this. */
const MAX_NAME = 200;

/**
 * Reads a moderation message; null for anything else. `fromServer`: the message came from the
 * media server, not from a participant (livekit-client gives no participant then). A participant
 * could send this topic too: theirs is not believed.
 */
export function parseModerationNotice(
	topic: string | undefined,
	payload: Uint8Array,
	fromServer: boolean
): ModerationNotice | null {
	if (!fromServer || topic !== MODERATION_TOPIC) return null;
	let data: unknown;
	try {
		data = JSON.parse(new TextDecoder().decode(payload));
	} catch {
		// Not JSON, so not ours.
		return null;
	}
	if (!data || typeof data !== 'object') return null;
	const { source, by } = data as Record<string, unknown>;
	if (source !== 'microphone' && source !== 'camera') return null;
	const name = typeof by === 'string' ? by.trim().slice(0, MAX_NAME) : '';
	return { source, by: name || null };
}
