// The werift peer connections of the media server: one configuration for both directions, so the
// codecs and RTP header extensions a publisher negotiates are the ones subscribers get offered.
import {
	CandidatePairState,
	PictureLossIndication,
	RtcpPayloadSpecificFeedback,
	type RTCDtlsTransport,
	RTCPeerConnection,
	RTCRtpCodecParameters,
	type RtcpPacket,
	useAbsSendTime,
	useAudioLevelIndication,
	useOPUS,
	useRepairedRtpStreamId,
	useSdesMid,
	useSdesRTPStreamId,
	useVP8
} from 'werift';
import type { Logger } from 'pino';
import { OPUS_FMTP, OPUS_PAYLOAD_TYPE, RED_PAYLOAD_TYPE } from '../audio-codecs';

/** Where a connection's states are logged (debug), with the fields that name it. */
export interface PeerWatch {
	log: Logger;
	fields: Record<string, unknown>;
}

/** Network settings of the peer connections. */
export interface PeerNetwork {
	/** UDP ports ICE may bind; undefined = any free port. */
	udpPorts?: { min: number; max: number } | null;
	/** IP written into the candidates instead of the interfaces' own (behind a 1:1 NAT). */
	announcedIp?: string | null;
	/** Ports announced for udpPorts, offset for offset (a NAT forwarding another range to them). */
	announcedUdpPorts?: { min: number; max: number } | null;
	/** replace (the default): the announced address stands for the host's; add: offered beside it. */
	announceMode?: 'replace' | 'add';
}

/**
 * VP8 and Opus only: every browser livekit-client supports offers both, and one codec per kind
 * means the forwarder never has to transcode or pick between payload formats. RED is Opus
 * repeated, not another codec (`audio-codecs.ts`); its fixed payload types keep its fmtp (the
 * Opus payload type it carries) right in the server's own offers.
 */
export function createPeerConnection(
	network: PeerNetwork,
	/** Where its states go (debug). */
	watch?: PeerWatch
): RTCPeerConnection {
	const ports = network.udpPorts;
	const pc = new RTCPeerConnection({
		// Host candidates only: no STUN/TURN on one machine or a LAN (werift's default reaches out
		// to a public STUN server, which would only slow gathering down here).
		iceServers: [],
		iceUseIpv4: true,
		iceUseIpv6: false,
		icePortRange: ports ? [ports.min, ports.max] : undefined,
		// Loopback is skipped by default; a browser on the same machine may only reach that.
		iceAdditionalHostAddresses: ['127.0.0.1'],
		bundlePolicy: 'max-bundle',
		codecs: {
			audio: [
				useOPUS({ payloadType: OPUS_PAYLOAD_TYPE, parameters: OPUS_FMTP }),
				new RTCRtpCodecParameters({
					mimeType: 'audio/red',
					clockRate: 48000,
					channels: 2,
					payloadType: RED_PAYLOAD_TYPE,
					parameters: `${OPUS_PAYLOAD_TYPE}/${OPUS_PAYLOAD_TYPE}`
				})
			],
			video: [useVP8()]
		},
		headerExtensions: {
			// Audio level gives active speakers without decoding anything.
			audio: [useSdesMid(), useAudioLevelIndication()],
			// rid extensions are what tells simulcast layers apart.
			video: [useSdesMid(), useSdesRTPStreamId(), useRepairedRtpStreamId(), useAbsSendTime()]
		}
	});
	routePictureLossBySource(pc);
	onTransportCreated(pc, (transport) => {
		followLatestNomination(pc, transport.iceTransport.connection, watch);
		if (watch) logDtlsStates(transport, watch);
	});
	if (watch) logStates(pc, watch);
	return pc;
}

/** What of werift's RTP router the picture-loss routing needs (not in its typings). */
interface RouterInternals {
	routeRtcp(packet: RtcpPacket): void;
	ssrcTable: Record<number, { handleRtcpPacket(packet: RtcpPacket): void } | undefined>;
}

/**
 * Hands a picture loss indication to the sender of the stream it is about. werift gives a
 * payload-specific feedback packet to whatever its *sender* SSRC names first, and only then to its
 * media source SSRC, which is the one naming the stream (RFC 4585 §6.1). On a connection that
 * also receives from the browser (the single peer connection of /rtc/v1), the browser's
 * feedback about a stream it receives is signed with one of its own sending SSRCs: werift handed
 * every such PLI to the receiver of the browser's own track, which ignores it, so a viewer that
 * lost a picture (or a key frame, on a layer switch) never got another one and its video froze.
 */
function routePictureLossBySource(pc: RTCPeerConnection): void {
	const router = (pc as unknown as { router: RouterInternals }).router;
	const route = router.routeRtcp.bind(router);
	router.routeRtcp = (packet) => {
		if (
			packet instanceof RtcpPayloadSpecificFeedback &&
			packet.feedback instanceof PictureLossIndication
		) {
			const source = router.ssrcTable[packet.feedback.mediaSsrc];
			if (source) {
				source.handleRtcpPacket(packet);
				return;
			}
		}
		route(packet);
	};
}

/** What of werift's ICE agent following a nomination needs (not in its typings). */
interface IcePairInternals {
	state: CandidatePairState;
	remoteNominated: boolean;
}
interface IceAgentInternals {
	iceControlling: boolean;
	nominated?: IcePairInternals;
	checkComplete(pair: IcePairInternals): void;
	resetNominatedPair(): void;
}
type TransportInternals = RTCDtlsTransport & { iceTransport: { connection: IceAgentInternals } };
interface TransportFactoryInternals {
	createTransport(): TransportInternals;
}

/** Runs `setUp` on each transport werift creates for `pc` (one with max-bundle), as it is made. */
function onTransportCreated(
	pc: RTCPeerConnection,
	setUp: (transport: TransportInternals) => void
): void {
	const manager = (pc as unknown as { secureManager: TransportFactoryInternals }).secureManager;
	const createTransport = manager.createTransport.bind(manager);
	manager.createTransport = () => {
		const transport = createTransport();
		setUp(transport);
		return transport;
	};
}

/**
 * Sends on the pair the browser nominated last. werift keeps the first pair nominated for good
 * ("disallow overwriting"), but Chrome nominates again whenever it selects another pair
 * (semi-aggressive nomination: a pair better than the selected one, or any pair while the
 * selected one is not writable), and then stops pinging the old one. Where the server has
 * several ways in — loopback, each interface, an announced address beside them — checks on a
 * slow, lossy link finish in any order, so werift could go on sending all media to a pair the
 * browser had given up, while still receiving everything on the new one. The nominating side
 * decides (RFC 8445 §8.1.1); pion, under LiveKit, follows a new nomination the same way.
 */
function followLatestNomination(
	pc: RTCPeerConnection,
	agent: IceAgentInternals,
	watch: PeerWatch | undefined
): void {
	const checkComplete = agent.checkComplete.bind(agent);
	agent.checkComplete = (pair) => {
		// Called for a pair whose check just succeeded, or which the browser just nominated
		// after it had: a remote nomination of a pair other than the one in use is a new one.
		const renominated =
			!agent.iceControlling &&
			agent.nominated !== undefined &&
			agent.nominated !== pair &&
			pair.remoteNominated &&
			pair.state === CandidatePairState.SUCCEEDED;
		if (!renominated) {
			checkComplete(pair);
			return;
		}
		// werift then selects the pair, restarts consent on it and sends everything there.
		const before = describePair(agent.nominated);
		agent.resetNominatedPair();
		checkComplete(pair);
		enlargeReceiveBuffers(pc);
		watch?.log.debug(
			{ ...watch.fields, from: before, to: describePair(agent.nominated) },
			'media path follows a new nomination'
		);
	};
}

/** Logs (debug) each change of a transport's DTLS state, with its role and the path in use. */
function logDtlsStates(transport: TransportInternals, watch: PeerWatch): void {
	transport.onStateChange.subscribe((dtls) =>
		watch.log.debug(
			{
				...watch.fields,
				dtls,
				role: transport.role,
				path: describePair(transport.iceTransport.connection.nominated)
			},
			'peer connection DTLS state'
		)
	);
}

/** A pair of addresses as the log shows it: the server's socket, then the peer's address. */
function describePair(pair: unknown): string | undefined {
	const known = pair as
		{ localCandidate?: { host: string; port: number }; remoteAddr?: [string, number] } | undefined;
	if (!known?.localCandidate || !known.remoteAddr) return undefined;
	return `${known.localCandidate.host}:${known.localCandidate.port} -> ${known.remoteAddr.join(':')}`;
}

/** Logs (debug) each change of a connection's ICE and overall state, with the path in use. */
function logStates(pc: RTCPeerConnection, watch: PeerWatch): void {
	const path = () =>
		describePair(
			(pc.iceTransports[0] as unknown as { connection?: IceAgentInternals } | undefined)?.connection
				?.nominated
		);
	pc.iceConnectionStateChange.subscribe((ice) =>
		watch.log.debug({ ...watch.fields, ice, path: path() }, 'peer connection ICE state')
	);
	pc.connectionStateChange.subscribe((connection) =>
		watch.log.debug({ ...watch.fields, connection, path: path() }, 'peer connection state')
	);
}

/** The announced address in an SDP's candidates (announcedCandidates, line by line). */
export function announce(sdp: string, network: PeerNetwork): string {
	if (!network.announcedIp) return sdp;
	return sdp
		.split('\r\n')
		.flatMap((line) =>
			line.startsWith('a=candidate:')
				? announcedCandidates(line.slice(2), network).map((candidate) => `a=${candidate}`)
				: [line]
		)
		.join('\r\n');
}

// candidate:<foundation> <component> <transport> <priority> <address> <port> typ host ...
const HOST_CANDIDATE = /^candidate:(\S+) (\d+) (\S+) (\d+) (\S+) (\d+) typ host(.*)$/;

/**
 * What a candidate of the server becomes once announced: its announced twin in its place
 * ("replace"), or the candidate and its twin as a server-reflexive one ("add": peers on the LAN
 * keep the direct address, others reach the NAT, which forwards to it). Non-host candidates pass.
 */
export function announcedCandidates(candidate: string, network: PeerNetwork): string[] {
	const ip = network.announcedIp;
	const match = HOST_CANDIDATE.exec(candidate);
	if (!ip || !match) return [candidate];
	const [, foundation, component, transport, priority, address, port, rest] = match;
	const announcedPort = announcedUdpPort(Number(port), network);
	if (network.announceMode !== 'add') {
		return [
			`candidate:${foundation} ${component} ${transport} ${priority} ${ip} ${announcedPort} typ host${rest}`
		];
	}
	// RFC 8445 5.1.2.1: type preference 100 for server-reflexive, the highest local preference.
	const srflxPriority = 100 * 2 ** 24 + 65535 * 2 ** 8 + 256 - Number(component);
	return [
		candidate,
		`candidate:s${foundation} ${component} ${transport} ${srflxPriority} ${ip} ${announcedPort} typ srflx raddr ${address} rport ${port}${rest}`
	];
}

/** The port a NAT forwards to `port` (the same one without MEDIA_ANNOUNCED_UDP_PORTS). */
function announcedUdpPort(port: number, network: PeerNetwork): number {
	const { udpPorts, announcedUdpPorts } = network;
	if (!udpPorts || !announcedUdpPorts || port < udpPorts.min || port > udpPorts.max) return port;
	return announcedUdpPorts.min + (port - udpPorts.min);
}

/** Socket receive buffer asked for on a connected media path (Linux caps it at rmem_max). */
export const MEDIA_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

type NominatedSocket = { setRecvBufferSize?: (size: number) => void };
type IceInternals = {
	connection: { nominated?: { protocol: { transport?: { socket?: NominatedSocket } } } };
};

/**
 * Gives the UDP sockets a connected peer uses a larger receive buffer. The default (~200 kB,
 * ~90 full-size packets) overflows whenever the event loop is busy for a few milliseconds, which
 * at a few thousand packets per second is often; a lost video packet costs a NACK or a key frame.
 */
export function enlargeReceiveBuffers(pc: RTCPeerConnection): void {
	for (const transport of pc.iceTransports) {
		const socket = (transport as unknown as IceInternals).connection.nominated?.protocol.transport
			?.socket;
		try {
			socket?.setRecvBufferSize?.(MEDIA_RECEIVE_BUFFER_BYTES);
		} catch {
			// Refused by the system (limits): the default buffer still works, only smaller.
		}
	}
}
