// The embedded media server's front door: LiveKit's signalling WebSocket at /rtc, the
// /rtc/validate checks livekit-client makes when a connection fails, and the RoomService Twirp
// API under /twirp. It runs inside the media process (server/media/main.ts); the app's port
// forwards these paths here.
import {
	createServer,
	STATUS_CODES,
	type IncomingMessage,
	type Server,
	type ServerResponse
} from 'node:http';
import type { Duplex } from 'node:stream';
import {
	DisconnectReason,
	type JoinRequest,
	LeaveRequest,
	LeaveRequest_Action,
	SignalResponse
} from '@livekit/protocol';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkJoinGrant, verifyAccessToken, type MediaApiKeys } from './auth';
import type { WebhookSink } from './backend';
import { decodeJoinRequest, singlePcInit } from './join-request';
import type { ParticipantInit } from './participant';
import { AdmissionRevocations } from './revocations';
import { RoomManager, type RoomLimits } from './room';
import { forwardingCounters } from './sfu/forwarder';
import type { PeerNetwork } from './sfu/peer';
import { readSignalRequests } from './signal';
import { refuseUpgrade } from '../refuse-upgrade';

/** Largest signal frame accepted; an SDP offer with many tracks stays far below. */
export const MAX_SIGNAL_FRAME_BYTES = 1024 * 1024;

export interface MediaServerOptions {
	/** The API key pair tokens must be signed with. */
	keys: MediaApiKeys;
	/** Room limits and timings. */
	limits: RoomLimits;
	/** UDP ports and announced address of the peer connections. */
	network: PeerNetwork;
	log: Logger;
	/** Where room events go (webhooks); none = not sent. */
	webhooks?: WebhookSink | null;
	/**
	 * Serves /rtc/v1, the single peer connection (join-request.ts, single-pc.ts). Off: /rtc/v1
	 * answers 404 and clients fall back to /rtc (see docs/media.md for why it is off in main.ts).
	 */
	singlePeerConnection?: boolean;
	/** Handles /twirp/* requests (the RoomService API); none = 404. */
	twirp?: ((rooms: RoomManager) => (req: IncomingMessage, res: ServerResponse) => void) | null;
}

type Authorized =
	| { ok: true; init: ParticipantInit; room: string; joinRequest?: JoinRequest }
	| { ok: false; status: number; message: string };

export class MediaServer {
	readonly rooms: RoomManager;
	/** Identities that lost access, refused at the door with tokens minted before (app-fed). */
	readonly revocations = new AdmissionRevocations();
	private readonly http: Server;
	private readonly wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_SIGNAL_FRAME_BYTES,
		perMessageDeflate: false
	});
	private readonly twirp: ((req: IncomingMessage, res: ServerResponse) => void) | null;
	/** Joins on /rtc/v1 since the start (for /status: which path clients take). */
	private singlePeerConnectionJoins = 0;

	constructor(private readonly options: MediaServerOptions) {
		this.rooms = new RoomManager(options.limits, options.network, options.log, options.webhooks);
		this.twirp = options.twirp ? options.twirp(this.rooms) : null;
		this.http = createServer((req, res) => this.handleRequest(req, res));
		this.http.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket, head));
	}

	/** Listens on `host:port` (port 0 = any) and resolves with the port. */
	async listen(port = 0, host = '127.0.0.1'): Promise<number> {
		await new Promise<void>((done) => this.http.listen(port, host, done));
		const address = this.http.address();
		return typeof address === 'object' && address ? address.port : port;
	}

	async close(): Promise<void> {
		this.rooms.closeAll();
		for (const client of this.wss.clients) client.terminate();
		this.http.closeAllConnections();
		await new Promise<void>((done) => this.http.close(() => done()));
	}

	// ---- HTTP ---------------------------------------------------------------------------------

	private handleRequest(req: IncomingMessage, res: ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://media.invalid');
		const path = url.pathname;
		if (path === '/rtc/validate' || path === '/rtc/v1/validate') {
			res.setHeader('Access-Control-Allow-Origin', '*');
			if (path === '/rtc/v1/validate' && !this.options.singlePeerConnection) {
				// livekit-client then falls back to the dual peer connection path at /rtc.
				this.plain(res, 404, 'single peer connection path is not served here, use /rtc');
				return;
			}
			const auth = this.authorize(req, url, path === '/rtc/v1/validate');
			if (!auth.ok) this.plain(res, auth.status, auth.message);
			else this.plain(res, 200, 'success');
			return;
		}
		if (path.startsWith('/twirp/') && this.twirp) {
			this.twirp(req, res);
			return;
		}
		if (path === '/status') {
			res.setHeader('Content-Type', 'application/json');
			res.end(
				JSON.stringify({
					rooms: this.rooms.roomCount,
					sockets: this.wss.clients.size,
					forwardedPackets: forwardingCounters.packets,
					singlePeerConnectionJoins: this.singlePeerConnectionJoins
				})
			);
			return;
		}
		this.plain(res, 404, 'not found');
	}

	private plain(res: ServerResponse, status: number, body: string): void {
		res.statusCode = status;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.end(body);
	}

	/**
	 * Verifies the token of a /rtc or /rtc/validate request (`singlePc`: /rtc/v1, whose join request
	 * must decode too), and that the room takes it.
	 */
	private authorize(req: IncomingMessage, url: URL, singlePc = false): Authorized {
		const token = accessTokenOf(req, url);
		if (typeof token !== 'string') return token;
		const verified = verifyAccessToken(token, this.options.keys);
		if (!verified.ok) return verified;
		const join = checkJoinGrant(verified.claims);
		if (!join.ok) return join;
		const decoded = singlePc ? decodeJoinRequest(url.searchParams.get('join_request')) : null;
		if (decoded && !decoded.ok) return decoded;
		const claims = verified.claims;
		if (this.revocations.refuses(join.room, claims.identity, claims.notBefore)) {
			return { ok: false, status: 403, message: 'access to this room was revoked' };
		}
		const refusal = this.rooms.get(join.room)?.refusal(claims.identity);
		if (refusal) return { ok: false, status: 403, message: refusal };
		const protocol = Number(url.searchParams.get('protocol') ?? '0');
		const init: ParticipantInit = {
			identity: claims.identity,
			name: claims.name,
			metadata: claims.metadata,
			attributes: claims.attributes,
			grant: claims.video,
			kind: claims.kind,
			autoSubscribe: url.searchParams.get('auto_subscribe') !== '0',
			clientProtocol: Number.isFinite(protocol) ? protocol : 0
		};
		if (!decoded) return { ok: true, room: join.room, init };
		const single = singlePcInit(init, decoded.request);
		if (!single.ok) return single;
		return { ok: true, room: join.room, init: single.init, joinRequest: decoded.request };
	}

	// ---- signalling ---------------------------------------------------------------------------

	private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		socket.on('error', () => socket.destroy());
		const url = new URL(req.url ?? '/', 'http://media.invalid');
		const singlePc = url.pathname === '/rtc/v1' && this.options.singlePeerConnection === true;
		if (url.pathname !== '/rtc' && !singlePc) {
			refuse(socket, 404, 'not found');
			return;
		}
		const auth = this.authorize(req, url, singlePc);
		if (!auth.ok) {
			refuse(socket, auth.status, auth.message);
			return;
		}
		const reconnect = auth.joinRequest
			? auth.joinRequest.reconnect
			: url.searchParams.get('reconnect') === '1';
		this.wss.handleUpgrade(req, socket, head, (ws) => {
			if (reconnect) {
				// Sessions are not resumed (JoinResponse says so); a client that asks anyway is
				// told to join again from scratch.
				this.sendLeaveAndClose(ws, LeaveRequest_Action.RECONNECT);
				return;
			}
			this.join(ws, auth.room, auth.init, auth.joinRequest);
		});
	}

	private sendLeaveAndClose(ws: WebSocket, action: LeaveRequest_Action): void {
		ws.send(
			new SignalResponse({
				message: {
					case: 'leave',
					value: new LeaveRequest({
						canReconnect: true,
						action,
						reason: DisconnectReason.STATE_MISMATCH
					})
				}
			}).toBinary()
		);
		ws.close(1000, 'reconnect');
	}

	private join(
		ws: WebSocket,
		roomName: string,
		init: ParticipantInit,
		joinRequest?: JoinRequest
	): void {
		const participant = this.rooms.getOrCreate(roomName).join(init, ws);
		if (!participant) {
			// The room filled since the upgrade was accepted.
			ws.close(1008, 'room is full');
			return;
		}
		readSignalRequests(ws, participant, this.options.log);
		if (!joinRequest) return;
		this.singlePeerConnectionJoins += 1;
		// The offer that came with the join is answered after the JoinResponse, as LiveKit does.
		if (joinRequest.publisherOffer) participant.publisher.offer(joinRequest.publisherOffer);
	}
}

/**
 * Answers an upgrade with an HTTP error (LiveKit's statuses: 400 bad join request, 401 bad token,
 * 403 refused).
 */
function refuse(socket: Duplex, status: number, message: string): void {
	refuseUpgrade(socket, status, STATUS_CODES[status] ?? 'Not Found', {
		message,
		headers: { 'Access-Control-Allow-Origin': '*' }
	});
}

/**
 * The access token of a /rtc or /rtc/validate request. Browsers cannot set headers on a WebSocket,
 * so livekit-client sends `?access_token=`; LiveKit's native SDKs send `Authorization: Bearer`.
 * As LiveKit does, the header wins when present and must then be a Bearer token.
 */
export function accessTokenOf(
	req: IncomingMessage,
	url: URL
): string | { ok: false; status: 401; message: string } {
	const header = req.headers.authorization;
	if (header !== undefined) {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match) {
			return {
				ok: false,
				status: 401,
				message: 'invalid authorization header. Must start with Bearer '
			};
		}
		return match[1];
	}
	const token = url.searchParams.get('access_token');
	if (!token) return { ok: false, status: 401, message: 'no authorization token' };
	return token;
}
