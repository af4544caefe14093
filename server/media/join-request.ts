// The `join_request` of the single peer connection path (`/rtc/v1`): what livekit-client 2.22 and
// LiveKit's native SDKs put in the URL instead of /rtc's query parameters. It is a base64url
// `WrappedJoinRequest` whose `join_request` bytes are a `JoinRequest`, gzipped or not; it carries
// the client's info and protocol, auto-subscribe, a reconnect's participant sid, optionally
// metadata and attributes, and usually the first publisher offer. Read as LiveKit reads it
// (livekit pkg/service/rtcservice.go validateInternal): anything undecodable is a 400 with the
// message LiveKit gives.
import { gunzipSync } from 'node:zlib';
import { JoinRequest, WrappedJoinRequest, WrappedJoinRequest_Compression } from '@livekit/protocol';
import type { ParticipantInit } from './participant';

/** Largest join request accepted, before and after decompression (LiveKit: its header limit). */
export const MAX_JOIN_REQUEST_BYTES = 1024 * 1024;

export type JoinRequestDecoding =
	{ ok: true; request: JoinRequest } | { ok: false; status: 400; message: string };

const refused = (message: string): JoinRequestDecoding => ({ ok: false, status: 400, message });

/**
 * Decodes the `join_request` query parameter. Both base64 alphabets are taken, padded or not:
 * livekit-client writes base64url with padding, the Rust core base64url too, and a hand-made URL
 * may use either.
 */
export function decodeJoinRequest(param: string | null): JoinRequestDecoding {
	if (!param) return refused('join_request is required');
	if (param.length > (MAX_JOIN_REQUEST_BYTES * 4) / 3 + 4) {
		return refused('join request too large');
	}
	const text = param.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
	if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) {
		return refused('cannot base64 decode wrapped join request');
	}
	const bytes = Buffer.from(text, 'base64');
	let wrapped: WrappedJoinRequest;
	try {
		wrapped = WrappedJoinRequest.fromBinary(bytes);
	} catch {
		return refused('cannot unmarshal wrapped join request');
	}
	let inner: Uint8Array;
	switch (wrapped.compression) {
		case WrappedJoinRequest_Compression.NONE:
			inner = wrapped.joinRequest;
			break;
		case WrappedJoinRequest_Compression.GZIP:
			try {
				inner = gunzipSync(wrapped.joinRequest, { maxOutputLength: MAX_JOIN_REQUEST_BYTES });
			} catch (error) {
				const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
				return refused(
					tooLarge ? 'join request too large' : 'cannot read decompressed join request'
				);
			}
			break;
		default:
			return refused('unknown join request compression');
	}
	if (inner.length > MAX_JOIN_REQUEST_BYTES) return refused('join request too large');
	try {
		return { ok: true, request: JoinRequest.fromBinary(inner) };
	} catch {
		return refused('cannot unmarshal join request');
	}
}

/**
 * The participant a /rtc/v1 join creates: what the token says (`init`, built as for /rtc), with
 * what the join request asks instead of /rtc's query parameters — auto-subscribe (on unless it
 * says otherwise), the client's protocol, and metadata replacing the token's or attributes added to
 * them, which need `canUpdateOwnMetadata` as in LiveKit (401 "permissions denied" otherwise; an
 * empty attribute value never removes one).
 */
export function singlePcInit(
	init: ParticipantInit,
	request: JoinRequest
): { ok: true; init: ParticipantInit } | { ok: false; status: 401; message: string } {
	const attributes = Object.entries(request.participantAttributes).filter(
		([, value]) => value !== ''
	);
	if ((request.metadata !== '' || attributes.length > 0) && !init.grant.canUpdateOwnMetadata) {
		return { ok: false, status: 401, message: 'permissions denied' };
	}
	return {
		ok: true,
		init: {
			...init,
			metadata: request.metadata || init.metadata,
			attributes: { ...init.attributes, ...Object.fromEntries(attributes) },
			autoSubscribe: request.connectionSettings?.autoSubscribe ?? true,
			clientProtocol: request.clientInfo?.protocol ?? 0,
			singlePeerConnection: true
		}
	};
}
