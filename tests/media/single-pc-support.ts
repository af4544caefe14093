// One participant's side of the single peer connection (/rtc/v1) for tests: the connection the
// client offers (publisher.ts) answering through the part that sends it tracks (single-pc.ts), as
// participant.ts wires them, every event but the signal's messages and a failed negotiation
// ignored.
import type { SignalResponse } from '@livekit/protocol';
import pino from 'pino';
import { Publisher } from '../../server/media/publisher';
import { SinglePcSubscriber } from '../../server/media/single-pc';

export function singlePcParticipant(
	identity: string,
	options: {
		/** What the server sends the client. */
		send: (message: SignalResponse['message']) => void;
		negotiationFailed?: () => void;
		negotiationTimeoutMs?: number;
	}
): { single: SinglePcSubscriber; publisher: Publisher } {
	const log = pino({ level: 'silent' });
	const { send } = options;
	const single = new SinglePcSubscriber(
		identity,
		{
			send,
			candidate: () => undefined,
			subscribed: () => undefined,
			offered: () => undefined,
			negotiationFailed: options.negotiationFailed ?? (() => undefined),
			connectionFailed: () => undefined
		},
		{ network: {}, log, negotiationTimeoutMs: options.negotiationTimeoutMs }
	);
	const publisher = new Publisher(
		identity,
		{
			grant: () => ({}) as never,
			send,
			candidate: () => undefined,
			connected: () => undefined,
			dataChannel: () => undefined,
			trackPublished: () => undefined,
			trackMediaArrived: () => undefined,
			trackUnpublished: () => undefined,
			firstOfferAnswered: () => undefined,
			connectionFailed: () => undefined
		},
		{ maxTracks: 4, network: {}, log }
	);
	publisher.answerHooks = single;
	return { single, publisher };
}
