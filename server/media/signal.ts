// The signalling side of a participant: what this server answers a join with, its socket's
// frames read as requests, and what each request asks of the participant.
import {
	ClientConfigSetting,
	ClientConfiguration,
	JoinResponse,
	Pong,
	RequestResponse,
	RequestResponse_Reason,
	ServerInfo,
	ServerInfo_Edition,
	SignalRequest,
	SignalTarget,
	type ParticipantInfo,
	type Room,
	type UpdateParticipantMetadata
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import type { Participant } from './participant';
import { roomServiceLimits } from './twirp';

/** The LiveKit server version this server answers as (what livekit-client 2.22 expects). */
export const SERVER_VERSION = '1.9.0';
/** Signal protocol spoken (livekit-client 2.22 speaks 17; nothing here needs more than 16). */
export const SERVER_PROTOCOL = 16;
/** Refusal of a signal request that should close the socket (malformed or out of order). */
export class SignalProtocolError extends Error {}

/** Seconds between client pings, and without one before the client gives up. */
const PING_INTERVAL_SECONDS = 5;
const PING_TIMEOUT_SECONDS = 15;

/** The first message a participant receives: the room, itself, and who else is visible in it. */
export function joinResponse(
	room: Room,
	participant: ParticipantInfo,
	otherParticipants: ParticipantInfo[]
): JoinResponse {
	return new JoinResponse({
		room,
		participant,
		otherParticipants,
		serverVersion: SERVER_VERSION,
		serverInfo: new ServerInfo({
			edition: ServerInfo_Edition.Standard,
			version: SERVER_VERSION,
			protocol: SERVER_PROTOCOL,
			nodeId: 'hameau-embedded'
		}),
		iceServers: [],
		// The browser offers its publisher connection first; this server offers the subscriber
		// connection when there is something to receive.
		subscriberPrimary: false,
		pingInterval: PING_INTERVAL_SECONDS,
		pingTimeout: PING_TIMEOUT_SECONDS,
		clientConfiguration: new ClientConfiguration({
			resumeConnection: ClientConfigSetting.DISABLED
		})
	});
}

/**
 * Hands each frame of a participant's signalling socket to it as a request; a frame that is not
 * a request, or a request that makes no sense, closes the socket. The socket closing is a
 * departure (sessions are not resumed; livekit-client joins again by itself).
 */
export function readSignalRequests(ws: WebSocket, participant: Participant, log: Logger): void {
	const silence = watchSilence(ws, participant, log);
	ws.on('message', (data: RawData, isBinary: boolean) => {
		silence();
		if (participant.isClosed) return;
		if (!isBinary) {
			ws.close(1003, 'signal frames are binary protobuf');
			return;
		}
		let request: SignalRequest;
		try {
			request = SignalRequest.fromBinary(toBytes(data));
		} catch {
			ws.close(1007, 'malformed signal request');
			return;
		}
		try {
			handleSignalRequest(participant, request);
		} catch (error) {
			if (error instanceof SignalProtocolError) ws.close(1008, error.message);
			else {
				log.error({ err: error, identity: participant.identity }, 'signal request failed');
				ws.close(1011, 'internal error');
			}
		}
	});
	ws.on('close', () => participant.socketClosed(ws));
	ws.on('error', (error) => log.debug({ err: error }, 'signal socket error'));
}

/**
 * Ends the session of a client that says nothing for pingTimeout — no signal message, nor the
 * pong every WebSocket endpoint sends by itself to the ping frames sent here each pingInterval:
 * its link is down. The client gives up on this server after the same silence, and joins again
 * once its link is back; its socket, meanwhile, would stay open here until TCP notices, which on a
 * link cut for 30 s is after the client is back. The session it left would then still be in the
 * room when the others rejoin: their JoinResponse lists it, and livekit-client, rejoining, may
 * apply that JoinResponse after the updates that came right behind it (the old session leaving,
 * the new one arriving): the old one then wins, shown with a microphone that never sends. (LiveKit
 * ends a session whose peer connection failed, a few seconds after: werift notices a failed
 * connection only near 30 s.) Socket-level pings rather than the client's own signal pings: those
 * start pingInterval after the join, so a client cut off in its first seconds was never judged
 * silent; and a browser answers a ping frame from its network stack, however busy its page.
 * Returns what to call when the client is heard.
 */
function watchSilence(ws: WebSocket, participant: Participant, log: Logger): () => void {
	let lastHeard = Date.now();
	const heard = () => (lastHeard = Date.now());
	ws.on('pong', heard);
	let sinceLastPing = 0;
	const timer = setInterval(() => {
		if (Date.now() - lastHeard >= PING_TIMEOUT_SECONDS * 1000) {
			clearInterval(timer);
			log.info({ identity: participant.identity }, 'signal silent past the ping timeout: closed');
			ws.terminate();
			return;
		}
		sinceLastPing += 1;
		if (sinceLastPing < PING_INTERVAL_SECONDS || ws.readyState !== ws.OPEN) return;
		sinceLastPing = 0;
		ws.ping();
	}, 1000);
	timer.unref();
	ws.on('close', () => clearInterval(timer));
	return heard;
}

function toBytes(data: RawData): Uint8Array {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return new Uint8Array(data);
}

/** Handles one decoded request; throws SignalProtocolError for requests that make no sense. */
export function handleSignalRequest(participant: Participant, request: SignalRequest): void {
	const message = request.message;
	switch (message.case) {
		case 'offer':
			participant.publisher.offer(message.value);
			return;
		case 'answer':
			if (!participant.subscriber.answer(message.value)) {
				throw new SignalProtocolError('answer without an offer');
			}
			return;
		case 'trickle': {
			let init: { candidate?: string; sdpMid?: string; sdpMLineIndex?: number };
			try {
				init = JSON.parse(message.value.candidateInit) as typeof init;
			} catch {
				throw new SignalProtocolError('trickle candidate is not JSON');
			}
			if (!init || typeof init.candidate !== 'string' || init.candidate === '') return;
			const candidate = {
				candidate: init.candidate,
				sdpMid: init.sdpMid,
				sdpMLineIndex: init.sdpMLineIndex
			};
			if (message.value.target === SignalTarget.SUBSCRIBER) {
				participant.subscriber.addIceCandidate(candidate);
			} else participant.publisher.addIceCandidate(candidate);
			return;
		}
		case 'addTrack':
			participant.publisher.addTrack(message.value);
			return;
		case 'mute':
			participant.setTrackMuted(message.value.sid, message.value.muted);
			return;
		case 'subscription':
			participant.updateSubscriptions(
				[
					...message.value.trackSids,
					...message.value.participantTracks.flatMap((entry) => entry.trackSids)
				],
				message.value.subscribe
			);
			return;
		case 'trackSetting':
			participant.updateTrackSettings(message.value);
			return;
		case 'leave':
			participant.leave();
			return;
		case 'ping':
			participant.send({ case: 'pong', value: BigInt(Date.now()) });
			return;
		case 'pingReq':
			participant.send({
				case: 'pongResp',
				value: new Pong({
					lastPingTimestamp: message.value.timestamp,
					timestamp: BigInt(Date.now())
				})
			});
			return;
		case 'updateMetadata':
			updateOwnMetadata(participant, message.value);
			return;
		case 'syncState':
		case 'simulate':
		case 'updateLayers':
		case 'subscriptionPermission':
		case 'updateAudioTrack':
		case 'updateVideoTrack':
			// Accepted and ignored: nothing here depends on them.
			return;
		case undefined:
			throw new SignalProtocolError('empty signal request');
		default:
			// Data tracks and data blobs are not offered by this server.
			participant.send({
				case: 'requestResponse',
				value: new RequestResponse({
					reason: RequestResponse_Reason.UNSUPPORTED_TYPE,
					message: `${message.case} is not supported by the embedded media server`
				})
			});
	}
}

/**
 * A participant rewrites its own name, metadata or attributes (livekit-client's setMetadata, the
 * native SDKs' set_attributes...), when its grant lets it and within LiveKit's limits; everyone
 * then hears a ParticipantUpdate. The answer names the request it answers, as LiveKit's does; an
 * OK goes only to clients whose protocol expects one (above 14).
 */
function updateOwnMetadata(participant: Participant, update: UpdateParticipantMetadata): void {
	const answer = (reason: RequestResponse_Reason, message = '') => {
		if (reason === RequestResponse_Reason.OK && participant.clientProtocol <= 14) return;
		participant.send({
			case: 'requestResponse',
			value: new RequestResponse({
				requestId: update.requestId,
				reason,
				message,
				request: { case: 'updateMetadata', value: update }
			})
		});
	};
	if (!participant.grant.canUpdateOwnMetadata) {
		answer(RequestResponse_Reason.NOT_ALLOWED, 'does not have permission to update own metadata');
		return;
	}
	const overLimit = metadataOverLimit(update);
	if (overLimit) {
		answer(RequestResponse_Reason.LIMIT_EXCEEDED, overLimit);
		return;
	}
	participant.update({
		name: update.name,
		metadata: update.metadata,
		attributes: update.attributes
	});
	answer(RequestResponse_Reason.OK);
}

/** What LiveKit's limits (those of the RoomService) say of an update, or null within them. */
function metadataOverLimit(update: UpdateParticipantMetadata): string | null {
	if (update.name.length > roomServiceLimits.maxParticipantNameLength) {
		return 'exceeds name length limit';
	}
	if (Buffer.byteLength(update.metadata) > roomServiceLimits.maxMetadataBytes) {
		return 'exceeds metadata size limit';
	}
	let attributeBytes = 0;
	for (const [key, value] of Object.entries(update.attributes)) {
		attributeBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
	}
	if (attributeBytes > roomServiceLimits.maxAttributesBytes) return 'exceeds attributes size limit';
	return null;
}
