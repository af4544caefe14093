import { chatHistory, CHAT_MESSAGE_MAX } from './chat';
import { liveKitKeys } from './livekit';

/**
 * What a page holding a call needs from the server (a room's page, a stand-up's page): whether
 * video is configured, the room's chat so far and the longest message allowed. `withChat: false`
 * leaves the history out (a stand-up shows it only while its round is live).
 */
export function callPageData(roomId: string, withChat = true) {
	return {
		available: liveKitKeys() !== null,
		chat: withChat
			? chatHistory(roomId).map((message) => ({
					id: message.id,
					userId: message.userId,
					name: message.name,
					body: message.body,
					at: message.at.getTime()
				}))
			: [],
		chatMax: CHAT_MESSAGE_MAX
	};
}
