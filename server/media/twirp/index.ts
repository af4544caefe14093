// LiveKit's RoomService over Twirp (`POST /twirp/livekit.RoomService/<Method>`), the API that
// livekit-server-sdk's RoomServiceClient calls. Requests are JSON (what the SDK sends) or protobuf
// (`application/protobuf`); grants are checked as LiveKit does (pkg/service/roomservice.go):
// roomCreate for CreateRoom/DeleteRoom, roomList for ListRooms, roomAdmin on the request's room for
// the rest, each refusal a Twirp `unauthenticated` (401). The rooms themselves are behind
// `MediaBackend` (server/media/backend.ts); its `MediaBackendError`s become Twirp errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyMessage } from '@bufbuild/protobuf';
import {
	CreateRoomRequest,
	DeleteRoomRequest,
	DeleteRoomResponse,
	ListParticipantsRequest,
	ListParticipantsResponse,
	ListRoomsRequest,
	ListRoomsResponse,
	MuteRoomTrackRequest,
	MuteRoomTrackResponse,
	RemoveParticipantResponse,
	RoomParticipantIdentity,
	SendDataRequest,
	SendDataResponse,
	UpdateParticipantRequest,
	UpdateRoomMetadataRequest,
	UpdateSubscriptionsRequest,
	UpdateSubscriptionsResponse
} from '@livekit/protocol';
import type { Logger } from 'pino';
import {
	authenticateRoomServiceCaller,
	grantAllows,
	type MediaApiKeys,
	type RoomServiceRequirement
} from '../auth';
import { MediaBackendError, type MediaBackend, type ParticipantChanges } from '../backend';
import { isTwirpCode, TwirpError, writeTwirpError } from './errors';
import { method, type Format, type Method } from './method';
import { otherServices } from './other-services';

export { TwirpError, twirpStatus, type TwirpCode } from './errors';

/** `/twirp/<package.Service>/<Method>`. */
const TWIRP_PATH = /^\/twirp\/([A-Za-z0-9_.]+)\/([A-Za-z0-9_]+)$/;

/** LiveKit's default limits (pkg/config/config.go). */
export const roomServiceLimits = {
	maxMetadataBytes: 512 * 1024,
	maxAttributesBytes: 64 * 1024,
	maxRoomNameLength: 256,
	maxParticipantNameLength: 256
} as const;

/** RoomService methods of LiveKit that this server does not offer (answered `unimplemented`). */
const UNSUPPORTED_METHODS = new Set(['ForwardParticipant', 'MoveParticipant', 'PerformRpc']);

/** Request bodies above this are refused before parsing (metadata is at most 512 KiB). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface RoomServiceHandlerOptions {
	/** The rooms. */
	backend: MediaBackend;
	/** The API key pair callers' tokens must be signed with. */
	keys: MediaApiKeys;
	/** Where unexpected failures are logged. */
	log: Logger;
	/** Clock for token expiry, in milliseconds (tests). */
	now?: () => number;
}

const admin = (request: { room: string }): RoomServiceRequirement => ({
	kind: 'admin',
	room: request.room
});

function checkMetadata(metadata: string): void {
	if (Buffer.byteLength(metadata) > roomServiceLimits.maxMetadataBytes) {
		throw new TwirpError('invalid_argument', 'metadata size exceeds limits');
	}
}

function checkAttributes(attributes: Record<string, string>): void {
	let total = 0;
	for (const [key, value] of Object.entries(attributes)) {
		total += Buffer.byteLength(key) + Buffer.byteLength(value);
	}
	if (total > roomServiceLimits.maxAttributesBytes) {
		throw new TwirpError('invalid_argument', 'attribute size exceeds limits');
	}
}

function roomServiceMethods(backend: MediaBackend): Record<string, Method> {
	return {
		CreateRoom: method({
			input: CreateRoomRequest,
			requirement: () => ({ kind: 'create' }),
			run(request) {
				if (!request.name) throw new TwirpError('invalid_argument', 'no room name');
				if (request.name.length > roomServiceLimits.maxRoomNameLength) {
					throw new TwirpError(
						'invalid_argument',
						`room name length exceeds limits: max length ${roomServiceLimits.maxRoomNameLength}`
					);
				}
				checkMetadata(request.metadata);
				return backend.createRoom({
					name: request.name,
					emptyTimeout: request.emptyTimeout,
					departureTimeout: request.departureTimeout,
					maxParticipants: request.maxParticipants,
					metadata: request.metadata
				});
			}
		}),
		ListRooms: method({
			input: ListRoomsRequest,
			requirement: () => ({ kind: 'list' }),
			run: (request) =>
				new ListRoomsResponse({
					rooms: backend.listRooms(request.names.length > 0 ? request.names : undefined)
				})
		}),
		DeleteRoom: method({
			input: DeleteRoomRequest,
			requirement: () => ({ kind: 'create' }),
			run(request) {
				backend.deleteRoom(request.room);
				return new DeleteRoomResponse();
			}
		}),
		ListParticipants: method({
			input: ListParticipantsRequest,
			requirement: admin,
			// A room that does not exist has nobody in it (LiveKit answers an empty list too).
			run: (request) =>
				new ListParticipantsResponse({ participants: backend.listParticipants(request.room) })
		}),
		GetParticipant: method({
			input: RoomParticipantIdentity,
			requirement: admin,
			run: (request) => backend.getParticipant(request.room, request.identity)
		}),
		RemoveParticipant: method({
			input: RoomParticipantIdentity,
			requirement: admin,
			run(request) {
				backend.removeParticipant(request.room, request.identity);
				return new RemoveParticipantResponse();
			}
		}),
		MutePublishedTrack: method({
			input: MuteRoomTrackRequest,
			requirement: admin,
			run: (request) =>
				new MuteRoomTrackResponse({
					track: backend.mutePublishedTrack(
						request.room,
						request.identity,
						request.trackSid,
						request.muted
					)
				})
		}),
		UpdateParticipant: method({
			input: UpdateParticipantRequest,
			requirement: admin,
			run(request) {
				if (request.name.length > roomServiceLimits.maxParticipantNameLength) {
					throw new TwirpError('invalid_argument', 'name length exceeds limits');
				}
				checkMetadata(request.metadata);
				checkAttributes(request.attributes);
				// As in LiveKit, empty fields mean "leave as it is"; an attribute set to '' is removed.
				const changes: ParticipantChanges = {};
				if (request.metadata) changes.metadata = request.metadata;
				if (request.name) changes.name = request.name;
				if (Object.keys(request.attributes).length > 0) changes.attributes = request.attributes;
				if (request.permission) changes.permission = request.permission;
				return backend.updateParticipant(request.room, request.identity, changes);
			}
		}),
		UpdateSubscriptions: method({
			input: UpdateSubscriptionsRequest,
			requirement: admin,
			run(request) {
				const trackSids = [
					...request.trackSids,
					...request.participantTracks.flatMap((tracks) => tracks.trackSids)
				];
				backend.updateSubscriptions(request.room, request.identity, trackSids, request.subscribe);
				return new UpdateSubscriptionsResponse();
			}
		}),
		SendData: method({
			input: SendDataRequest,
			requirement: admin,
			run(request) {
				if (request.nonce.length !== 0 && request.nonce.length !== 16) {
					throw new TwirpError(
						'invalid_argument',
						`nonce should be 16-bytes or not present, got: ${request.nonce.length} bytes`
					);
				}
				const destinationIdentities = [...request.destinationIdentities];
				if (request.destinationSids.length > 0) {
					// The deprecated sid addressing still works: sids become identities.
					const wanted = new Set(request.destinationSids);
					for (const participant of backend.listParticipants(request.room)) {
						if (
							wanted.has(participant.sid) &&
							!destinationIdentities.includes(participant.identity)
						) {
							destinationIdentities.push(participant.identity);
						}
					}
				}
				backend.sendData(request.room, {
					payload: request.data,
					kind: request.kind,
					destinationIdentities,
					topic: request.topic
				});
				return new SendDataResponse();
			}
		}),
		UpdateRoomMetadata: method({
			input: UpdateRoomMetadataRequest,
			requirement: admin,
			run(request) {
				checkMetadata(request.metadata);
				return backend.updateRoomMetadata(request.room, request.metadata);
			}
		})
	};
}

function requestFormat(contentType: string | undefined): Format | null {
	const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/json') return 'json';
	if (type === 'application/protobuf') return 'protobuf';
	return null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				// Keep reading (and dropping) so the response can still be written on this socket.
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) reject(new TwirpError('malformed', 'request body too large'));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
}

function writeMessage(res: ServerResponse, message: AnyMessage, format: Format): void {
	// Twirp's Go server answers JSON with proto field names and default values written out.
	const body =
		format === 'json'
			? Buffer.from(message.toJsonString({ useProtoFieldName: true, emitDefaultValues: true }))
			: Buffer.from(message.toBinary());
	res.writeHead(200, {
		'Content-Type': format === 'json' ? 'application/json' : 'application/protobuf',
		'Content-Length': body.length
	});
	res.end(body);
}

/**
 * The HTTP handler of `/twirp/*`: RoomService, and Egress, Ingress, SIP and AgentDispatchService
 * answered as LiveKit without them answers (other-services.ts). It always answers: a result, or a
 * Twirp error (bad_route for other paths and methods, malformed for undecodable bodies).
 */
export function createRoomServiceHandler(
	options: RoomServiceHandlerOptions
): (req: IncomingMessage, res: ServerResponse) => void {
	const services: Record<string, Record<string, Method>> = {
		'livekit.RoomService': roomServiceMethods(options.backend),
		...otherServices(options.backend)
	};
	const now = options.now ?? Date.now;

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const path = (req.url ?? '').split('?')[0]!;
		if (req.method !== 'POST') {
			req.resume();
			writeTwirpError(res, 'bad_route', `unsupported method ${req.method} (only POST is allowed)`);
			return;
		}
		const [, service = '', name = ''] = TWIRP_PATH.exec(path) ?? [];
		const methods = Object.hasOwn(services, service) ? services[service]! : {};
		const spec = Object.hasOwn(methods, name) ? methods[name] : undefined;
		if (!spec) {
			req.resume();
			if (service === 'livekit.RoomService' && UNSUPPORTED_METHODS.has(name)) {
				writeTwirpError(
					res,
					'unimplemented',
					`${name} is not supported by the embedded media server`
				);
			} else {
				writeTwirpError(res, 'bad_route', `no handler for path "${path}"`);
			}
			return;
		}
		const format = requestFormat(req.headers['content-type']);
		if (!format) {
			req.resume();
			writeTwirpError(
				res,
				'bad_route',
				`unexpected Content-Type: "${req.headers['content-type'] ?? ''}"`
			);
			return;
		}
		// As in LiveKit, a bad token is refused before the body is read, a missing grant after.
		const caller = authenticateRoomServiceCaller(req.headers.authorization, options.keys, now());
		if (!caller.ok) {
			req.resume();
			writeTwirpError(res, caller.error.code, caller.error.msg);
			return;
		}
		const call = spec.decode(await readBody(req), format);
		if (!call.requirements.every((requirement) => grantAllows(caller.claims, requirement))) {
			writeTwirpError(res, 'unauthenticated', 'permissions denied');
			return;
		}
		writeMessage(res, call.run(), format);
	}

	return (req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (res.headersSent) {
				options.log.error({ err: error }, 'RoomService response failed after its headers');
				res.destroy();
				return;
			}
			if (error instanceof TwirpError) {
				writeTwirpError(res, error.code, error.message);
			} else if (error instanceof MediaBackendError && isTwirpCode(error.code)) {
				writeTwirpError(res, error.code, error.message);
			} else {
				options.log.error({ err: error, url: req.url }, 'RoomService call failed');
				writeTwirpError(res, 'internal', 'internal error');
			}
		});
	};
}
