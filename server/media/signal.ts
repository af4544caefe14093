// The signalling side of a participant: what this server answers a join with, and its socket's
// frames turned into requests for it.
import {
	ClientConfigSetting,
	ClientConfiguration,
	JoinResponse,
	ServerInfo,
	ServerInfo_Edition,
	SignalRequest,
	type ParticipantInfo,
	type Room
} from '@livekit/protocol';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { SignalProtocolError, type Participant } from './participant';

/** The LiveKit server version this server answers as (what livekit-client 2.22 expects). */
export const SERVER_VERSION = '1.9.0';
/** Signal protocol spoken (livekit-client 2.22 speaks 17; nothing here needs more than 16). */
export const SERVER_PROTOCOL = 16;
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
	ws.on('message', (data: RawData, isBinary: boolean) => {
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
			participant.handleRequest(request);
		} catch (error) {
			if (error instanceof SignalProtocolError) ws.close(1008, error.message);
			else {
				log.error({ error, identity: participant.identity }, 'signal request failed');
				ws.close(1011, 'internal error');
			}
		}
	});
	ws.on('close', () => participant.socketClosed(ws));
	ws.on('error', (error) => log.debug({ error }, 'signal socket error'));
}

function toBytes(data: RawData): Uint8Array {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return new Uint8Array(data);
}
