// Chat, raised hands and reactions in a call: sent to the room as data messages (see
// signal-messages.ts), shown here as state.
import type { RemoteParticipant, Room } from 'livekit-client';
import { saveChat } from './api';
import {
	encodeSignal,
	MAX_CHAT_BODY,
	parseSignal,
	TOPIC,
	withHand,
	type ChatEntry,
	type Reaction,
	REACTIONS
} from './signal-messages';
import type { Timers } from './timers';

/** How long a reaction floats over the call. */
const REACTION_MS = 4000;

/** What the signals need of the call around them. */
export type SignalsHost = {
	/** The Room of the moment; null between Rooms (nothing is sent then). */
	room(): Room | null;
	/** Redraws the tiles (a raised hand shows on one). */
	refresh(): void;
	/** Timeouts stopped when the call is left. */
	timers: Timers;
};

export type SignalsOptions = {
	me: { userId: string; name: string };
	/** POST { id, body } saves a chat message. */
	chatUrl: string;
	/** The room's chat history, as the page loaded it. */
	chat: ChatEntry[];
};

function newMessageId(): string {
	return crypto.randomUUID();
}

export class CallSignals {
	handRaised = $state(false);
	/** Identities with a raised hand, the latest last. */
	hands = $state.raw<string[]>([]);
	reactions = $state.raw<Reaction[]>([]);
	chat = $state.raw<ChatEntry[]>([]);

	constructor(
		private readonly host: SignalsHost,
		private readonly options: SignalsOptions
	) {
		this.chat = options.chat;
	}

	private publish(topic: string, payload: unknown, destinationIdentities?: string[]) {
		const room = this.host.room();
		if (!room || room.state !== 'connected') return Promise.resolve();
		return room.localParticipant.publishData(encodeSignal(payload), {
			reliable: true,
			topic,
			destinationIdentities
		});
	}

	/** Tells the room (or only `to`, late arrivals) that this person's hand is up, if it is. */
	announceHand(to?: string[]) {
		if (this.handRaised) this.sendHand(true, to);
	}

	private sendHand(raised: boolean, to?: string[]) {
		void this.publish(TOPIC.hand, { raised }, to).catch(() => undefined);
	}

	toggleHand() {
		this.handRaised = !this.handRaised;
		const me = this.host.room()?.localParticipant.identity ?? this.options.me.userId;
		this.hands = withHand(this.hands, me, this.handRaised);
		this.sendHand(this.handRaised);
		this.host.refresh();
	}

	/** Someone left: their hand is down. */
	forget(identity: string) {
		this.hands = this.hands.filter((other) => other !== identity);
	}

	/** Between Rooms nobody's hand is known; the new Room's people announce theirs again. */
	forgetHands() {
		this.hands = [];
	}

	react(emoji: (typeof REACTIONS)[number]) {
		void this.publish(TOPIC.reaction, { emoji }).catch(() => undefined);
		this.showReaction(this.options.me.userId, this.options.me.name, emoji);
	}

	private showReaction(identity: string, name: string, emoji: string) {
		const reaction = { id: newMessageId(), identity, name, emoji };
		this.reactions = [...this.reactions, reaction];
		this.host.timers.later(REACTION_MS, () => {
			this.reactions = this.reactions.filter((r) => r.id !== reaction.id);
		});
	}

	/** The call was left: the reactions on screen go (their timers were cleared with the call's). */
	clearReactions() {
		this.reactions = [];
	}

	/** Sends live to the room, then saves it through the app for the history. */
	async sendChat(body: string): Promise<void> {
		const text = body.trim().slice(0, MAX_CHAT_BODY);
		if (!text) return;
		const entry: ChatEntry = {
			id: newMessageId(),
			userId: this.options.me.userId,
			name: this.options.me.name,
			body: text,
			at: Date.now()
		};
		this.chat = [...this.chat, entry];
		await this.publish(TOPIC.chat, { id: entry.id, body: text }).catch(() => undefined);
		const saved = await saveChat(this.options.chatUrl, { id: entry.id, body: text });
		if (!saved) {
			this.chat = this.chat.map((e) => (e.id === entry.id ? { ...e, unsaved: true } : e));
		}
	}

	/** A data message from another participant. */
	receive(payload: Uint8Array, participant: RemoteParticipant | undefined, topic?: string) {
		if (!participant) return;
		const signal = parseSignal(topic, payload);
		if (!signal) return;
		const name = participant.name || participant.identity;
		if (signal.kind === 'chat') {
			if (this.chat.some((entry) => entry.id === signal.id)) return;
			const entry: ChatEntry = {
				id: signal.id,
				userId: participant.identity,
				name,
				body: signal.body,
				at: Date.now()
			};
			this.chat = [...this.chat, entry];
		} else if (signal.kind === 'hand') {
			this.hands = withHand(this.hands, participant.identity, signal.raised);
			this.host.refresh();
		} else {
			this.showReaction(participant.identity, name, signal.emoji);
		}
	}
}
