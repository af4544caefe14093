// The media server's peer connection sends on the pair the browser nominated last. Chrome, the
// controlling side whenever it offers, nominates again when it selects another pair; on a slow,
// lossy link with several ways into the server, the first pair nominated is often not the one it
// keeps. The client here is werift, made to nominate a second pair as Chrome does.
import { afterEach, describe, expect, it } from 'vitest';
import { CandidatePairState, RTCPeerConnection, type Connection } from 'werift';
import { createPeerConnection } from '../../server/media/sfu/peer';

/** werift's ICE agent of a peer connection (one transport with max-bundle). */
function agentOf(pc: RTCPeerConnection): Connection {
	return pc.iceTransports[0].connection as Connection;
}

/** The `ip:port` a pair sends to, and the local address it sends from. */
function route(pair: Connection['nominated']): string {
	if (!pair) return 'none';
	return `${pair.localCandidate.host} -> ${pair.remoteAddr.join(':')}`;
}

async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('a media server peer connection', () => {
	const open: RTCPeerConnection[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map((pc) => pc.close()));
	});

	it('follows the browser to the pair it nominates last, and sends there', async () => {
		// Two loopback addresses give the client two sockets, so two pairs reach the server even
		// on a machine with no other interface.
		const client = new RTCPeerConnection({
			bundlePolicy: 'max-bundle',
			iceServers: [],
			iceUseIpv6: false,
			iceAdditionalHostAddresses: ['127.0.0.1', '127.0.0.2']
		});
		const server = createPeerConnection({});
		open.push(client, server);
		const messages: string[] = [];
		server.onDataChannel.subscribe((channel) => {
			channel.onMessage.subscribe((message) => channel.send(`echo ${message}`));
		});
		const channel = client.createDataChannel('probe');
		channel.onMessage.subscribe((message) => messages.push(String(message)));

		await client.setLocalDescription(await client.createOffer());
		await until(() => client.iceGatheringState === 'complete', 'client candidates');
		await server.setRemoteDescription(client.localDescription!);
		await server.setLocalDescription(await server.createAnswer());
		await until(() => server.iceGatheringState === 'complete', 'server candidates');
		await client.setRemoteDescription(server.localDescription!);
		await until(() => channel.readyState === 'open', 'the data channel');

		const browser = agentOf(client);
		const sfu = agentOf(server);
		expect(browser.iceControlling).toBe(true);
		const first = sfu.nominated!;
		expect(first).toBeDefined();

		// The client nominates another way in: from one of its sockets the server does not send
		// to, to the server's loopback one (an interface's socket cannot answer loopback). werift
		// binds each candidate's socket to every address, so the server sees the check come from
		// where the kernel sends it: 127.0.0.1 and that socket's port, whichever address the
		// candidate names (its 127.0.0.2 candidate too, once in four runs the one left).
		const other = browser.localCandidates.find(
			(candidate) => candidate.type === 'host' && candidate.port !== first.remoteAddr[1]
		)!;
		expect(other).toBeDefined();
		const socket = (
			browser as unknown as {
				protocols: Array<{
					localCandidate?: { host: string; port: number };
					request(request: unknown, addr: [string, number], key: Buffer): Promise<unknown>;
				}>;
			}
		).protocols.find(
			(protocol) =>
				protocol.localCandidate?.host === other.host && protocol.localCandidate.port === other.port
		)!;
		const serverAddress = sfu.localCandidates.find((candidate) => candidate.host === '127.0.0.1')!;
		// What Chrome sends on the pair it selects: a check that carries USE-CANDIDATE.
		const nomination = (
			browser as unknown as { buildRequest: (options: object) => unknown }
		).buildRequest({
			nominate: true,
			localUsername: browser.localUsername,
			remoteUsername: browser.remoteUsername,
			iceControlling: true,
			localCandidate: other
		});
		await socket.request(
			nomination,
			[serverAddress.host, serverAddress.port],
			Buffer.from(browser.remotePassword, 'utf8')
		);

		// The server's own check of the new pair has to succeed before it may send there.
		const nominatedWay = `127.0.0.1 -> 127.0.0.1:${other.port}`;
		await until(
			() => route(sfu.nominated) === nominatedWay,
			`the server to send ${nominatedWay} (it sends ${route(sfu.nominated)})`
		);
		expect(sfu.nominated!.state).toBe(CandidatePairState.SUCCEEDED);
		const sentBefore = sfu.nominated!.packetsSent;
		const sentOnFirstBefore = first.packetsSent;
		channel.send('after');
		await until(() => messages.includes('echo after'), 'the echo after the switch');
		expect(sfu.nominated!.packetsSent).toBeGreaterThan(sentBefore);
		expect(first.packetsSent).toBe(sentOnFirstBefore);
	});
});
