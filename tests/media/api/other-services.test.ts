// Egress, Ingress, SIP and AgentDispatchService through livekit-server-sdk's own clients, against
// the Twirp handler: each answers as a single LiveKit node without Redis, egress or SIP workers
// answers (livekit/livekit pkg/service), never with bad_route.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EncodedFileOutput, IngressInput } from '@livekit/protocol';
import {
	AccessToken,
	AgentDispatchClient,
	EgressClient,
	IngressClient,
	SipClient
} from 'livekit-server-sdk';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRoomServiceHandler } from '../../../server/media/twirp';
import { MemoryBackend, swappableBackend, twirpFailure } from './memory-backend';

const keys = { apiKey: 'APIotherservice', apiSecret: 'other-services-secret-long-enough-hs256' };

let backend: MemoryBackend;
let server: Server;
let url: string;

const backendProxy = swappableBackend(() => backend);

beforeAll(async () => {
	server = createServer(
		createRoomServiceHandler({ backend: backendProxy, keys, log: pino({ level: 'silent' }) })
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	backend = new MemoryBackend();
});

const internal = (service: string) => ({
	status: 500,
	code: 'internal',
	message: `${service} not connected (redis required)`
});

/** A raw call with a token of the grants given (to see grant refusals). */
async function rawCall(path: string, grants: Record<string, unknown>): Promise<unknown> {
	const token = new AccessToken(keys.apiKey, keys.apiSecret, { identity: 'api' });
	token.addGrant(grants.video ?? {});
	if (grants.sip) token.addSIPGrant(grants.sip);
	const response = await fetch(`${url}/twirp/${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token.toJwt()}` },
		body: '{}'
	});
	return { status: response.status, body: await response.json() };
}

describe('Egress', () => {
	it('fails as LiveKit without egress: no worker takes a start, nothing is stored', async () => {
		const egress = new EgressClient(url, keys.apiKey, keys.apiSecret);
		const file = new EncodedFileOutput({ filepath: 'out.mp4' });
		// The room is looked up first.
		expect(await twirpFailure(egress.startRoomCompositeEgress('nowhere', file))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'requested room does not exist'
		});
		backend.createRoom({ name: 'stand-up' });
		const noWorker = { status: 503, code: 'unavailable', message: 'no response from servers' };
		expect(await twirpFailure(egress.startRoomCompositeEgress('stand-up', file))).toEqual(noWorker);
		expect(await twirpFailure(egress.startWebEgress('https://example.org', file))).toEqual(
			noWorker
		);
		expect(await twirpFailure(egress.listEgress())).toEqual(internal('egress'));
		expect(await twirpFailure(egress.stopEgress('EG_x'))).toEqual(internal('egress'));
		expect(await twirpFailure(egress.updateLayout('EG_x', 'grid'))).toEqual(internal('egress'));
	});

	it('checks the roomRecord grant first', async () => {
		expect(await rawCall('livekit.Egress/ListEgress', { video: { roomList: true } })).toEqual({
			status: 401,
			body: { code: 'unauthenticated', msg: 'permissions denied' }
		});
	});
});

describe('Ingress', () => {
	it('fails as LiveKit without ingress', async () => {
		const ingress = new IngressClient(url, keys.apiKey, keys.apiSecret);
		expect(
			await twirpFailure(
				ingress.createIngress(IngressInput.RTMP_INPUT, {
					roomName: 'stand-up',
					participantIdentity: 'camera'
				})
			)
		).toEqual(internal('ingress'));
		expect(await twirpFailure(ingress.listIngress())).toEqual(internal('ingress'));
		expect(await twirpFailure(ingress.deleteIngress('IN_x'))).toEqual(internal('ingress'));
		expect(await rawCall('livekit.Ingress/ListIngress', { video: { roomRecord: true } })).toEqual({
			status: 401,
			body: { code: 'unauthenticated', msg: 'permissions denied' }
		});
	});
});

describe('SIP', () => {
	it('fails as LiveKit without SIP, after the SIP grant is checked', async () => {
		const sip = new SipClient(url, keys.apiKey, keys.apiSecret);
		expect(await twirpFailure(sip.listSipInboundTrunk())).toEqual(internal('sip'));
		expect(
			await twirpFailure(sip.createSipOutboundTrunk('out', 'sip.example.org', ['+33100000000']))
		).toEqual(internal('sip'));
		expect(await twirpFailure(sip.listSipDispatchRule())).toEqual(internal('sip'));
		expect(
			await twirpFailure(sip.createSipParticipant('ST_x', '+33100000000', 'stand-up'))
		).toEqual(internal('sip'));
		// Nobody can have come in by SIP: the participant is looked up, then has no SIP session.
		expect(
			await twirpFailure(sip.transferSipParticipant('stand-up', 'alice', 'tel:+33100000001'))
		).toEqual({
			status: 404,
			code: 'not_found',
			message: 'participant does not exist'
		});
		backend.join('stand-up', 'alice');
		expect(
			await twirpFailure(sip.transferSipParticipant('stand-up', 'alice', 'tel:+33100000001'))
		).toEqual({
			status: 400,
			code: 'invalid_argument',
			message: 'no SIP session associated with participant'
		});
		// A video grant is not a SIP grant.
		expect(
			await rawCall('livekit.SIP/ListSIPInboundTrunk', { video: { roomAdmin: true, room: 'r' } })
		).toEqual({ status: 401, body: { code: 'unauthenticated', msg: 'permissions denied' } });
	});
});

describe('AgentDispatchService', () => {
	it('keeps dispatches per room as LiveKit does when no agent worker is connected', async () => {
		const dispatch = new AgentDispatchClient(url, keys.apiKey, keys.apiSecret);
		expect(await twirpFailure(dispatch.listDispatch('stand-up'))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'requested room does not exist'
		});
		const created = await dispatch.createDispatch('stand-up', 'note-taker', {
			metadata: '{"lang":"fr"}'
		});
		expect(created).toMatchObject({
			agentName: 'note-taker',
			room: 'stand-up',
			metadata: '{"lang":"fr"}'
		});
		expect(created.id).toMatch(/^AD_/);
		// Creating a dispatch creates its room, as LiveKit does.
		expect(backend.rooms.has('stand-up')).toBe(true);
		expect((await dispatch.listDispatch('stand-up')).map((entry) => entry.id)).toEqual([
			created.id
		]);
		expect((await dispatch.getDispatch(created.id, 'stand-up'))?.agentName).toBe('note-taker');
		await dispatch.deleteDispatch(created.id, 'stand-up');
		expect(await dispatch.listDispatch('stand-up')).toEqual([]);
		expect(await twirpFailure(dispatch.deleteDispatch(created.id, 'stand-up'))).toEqual({
			status: 404,
			code: 'not_found',
			message: 'dispatch ID not found'
		});
	});

	it('forgets the dispatches of a room that closed', async () => {
		const dispatch = new AgentDispatchClient(url, keys.apiKey, keys.apiSecret);
		await dispatch.createDispatch('stand-up', 'note-taker');
		backend.deleteRoom('stand-up');
		backend.createRoom({ name: 'stand-up' });
		expect(await dispatch.listDispatch('stand-up')).toEqual([]);
	});
});

describe('routing', () => {
	it('still answers bad_route for services LiveKit does not have', async () => {
		expect(await rawCall('livekit.Nothing/Do', { video: { roomList: true } })).toMatchObject({
			status: 404,
			body: { code: 'bad_route' }
		});
	});
});
