// Packet-generator load of the embedded media server: werift publishers send synthetic VP8
// streams of real-sized RTP (360p ≈ 500 kbit/s, 720p ≈ 2 Mbit/s, 30 fps) through the real
// signalling and forwarding code, werift subscribers count what arrives. Subscribers are added
// step by step until the media process runs out of CPU or viewers drop below 20 fps.
//
// The figures are CPU time of the media process (from /proc, not wall clock) against forwarded
// packets, so that other work on the machine does not inflate them; each line also shows the load
// average and the generators' own CPU.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AccessToken } from 'livekit-server-sdk';
import type { GeneratorReply, GeneratorRequest } from './generator';
import { PROFILES, type StreamStats } from './peer';

export type LoadTarget = {
	/** ws:// URL of the media server. */
	url: string;
	/** Its HTTP port (for /status). */
	port: number;
	/** Pid of the media process, whose CPU is measured. */
	pid: number;
	keys: { apiKey: string; apiSecret: string };
};

type Step = { subscribers: number };
type Plan = { profile: keyof typeof PROFILES; publishers: number; steps: number[] };

const MEASURE_S = Number(process.env.BENCH_DURATION ?? 10);
/** Generator processes the watchers are spread over (publishers live in the first). */
const GENERATORS = Number(process.env.BENCH_GENERATORS ?? 2);
const CLOCK_TICKS = 100;
/** Below this, viewers count as not served (the threshold). */
const MIN_FPS = 20;

export const DEFAULT_PLANS: Plan[] = [
	{ profile: '360p', publishers: 4, steps: [4, 12, 24, 40] },
	{ profile: '720p', publishers: 2, steps: [2, 8, 16, 24, 48] }
];

function plansFromEnv(): Plan[] {
	// BENCH_PLAN="360p:4:4,12,24;720p:2:2,8" — profile:publishers:subscriber steps.
	const text = process.env.BENCH_PLAN;
	if (!text) return DEFAULT_PLANS;
	return text.split(';').map((part) => {
		const [profile, publishers, steps] = part.split(':');
		if (!(profile in PROFILES)) throw new Error(`BENCH_PLAN: unknown profile ${profile}`);
		return {
			profile: profile as keyof typeof PROFILES,
			publishers: Number(publishers),
			steps: steps.split(',').map(Number)
		};
	});
}

/** User + system CPU seconds of a process so far. */
function processCpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

class Generator {
	private readonly child: ChildProcess;
	private pending: ((reply: GeneratorReply) => void) | null = null;

	constructor() {
		this.child = fork('bench/media-load/generator.ts', [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		this.child.on('message', (reply: GeneratorReply) => {
			const pending = this.pending;
			this.pending = null;
			pending?.(reply);
		});
	}

	request<T extends GeneratorReply['type']>(
		request: GeneratorRequest,
		expected: T
	): Promise<Extract<GeneratorReply, { type: T }>> {
		return new Promise((resolve, reject) => {
			this.pending = (reply) => {
				if (reply.type === expected) resolve(reply as Extract<GeneratorReply, { type: T }>);
				else reject(new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`));
			};
			this.child.send(request);
		});
	}

	async close(): Promise<void> {
		const exited = new Promise((done) => this.child.once('exit', done));
		await this.request({ type: 'close' }, 'closed').catch(() => this.child.kill());
		await exited;
	}
}

async function token(target: LoadTarget, identity: string, room: string): Promise<string> {
	const at = new AccessToken(target.keys.apiKey, target.keys.apiSecret, { identity });
	at.addGrant({ roomJoin: true, room });
	return at.toJwt();
}

async function forwardedPackets(target: LoadTarget): Promise<number> {
	const response = await fetch(`http://127.0.0.1:${target.port}/status`);
	return ((await response.json()) as { forwardedPackets: number }).forwardedPackets;
}

type Snapshot = {
	mediaCpu: number;
	forwarded: number;
	generatorCpu: number;
	socketDrops: number;
	at: number;
};

/** Datagrams the kernel dropped on full receive buffers, machine-wide (other work included). */
function udpReceiveBufferDrops(): number {
	const lines = readFileSync('/proc/net/snmp', 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('Udp:'));
	const names = lines[0].split(/\s+/);
	const values = lines[1].split(/\s+/);
	return Number(values[names.indexOf('RcvbufErrors')]);
}

async function statsOf(generators: Generator[]) {
	const replies = await Promise.all(generators.map((g) => g.request({ type: 'stats' }, 'stats')));
	return {
		participants: replies.flatMap((reply) => reply.participants),
		cpu: replies.reduce((sum, reply) => sum + reply.cpuSeconds, 0)
	};
}

async function snapshot(target: LoadTarget, generators: Generator[]) {
	const stats = await statsOf(generators);
	const shot: Snapshot = {
		mediaCpu: processCpuSeconds(target.pid),
		forwarded: await forwardedPackets(target),
		generatorCpu: stats.cpu,
		socketDrops: udpReceiveBufferDrops(),
		at: performance.now()
	};
	return { shot, participants: stats.participants };
}

/**
 * Waits until every participant receives `expected(i)` streams, all of them flowing; returns
 * those still short at the deadline (on a starved machine a werift connection may fail).
 */
async function waitForStreams(
	generators: Generator[],
	expected: (index: number) => number,
	timeoutMs = 45_000
): Promise<string[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { participants } = await statsOf(generators);
		const short = participants
			.map((p, i) => ({
				i,
				flowing: p.streams.filter((s) => s.packets > 0).length,
				states: p.states
			}))
			.filter(({ i, flowing }) => flowing < expected(i))
			.map(({ i, flowing, states }) => `#${i} ${flowing}/${expected(i)} (${states})`);
		if (short.length === 0 || Date.now() > deadline) return short;
		await new Promise((done) => setTimeout(done, 1000));
	}
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function runPlan(target: LoadTarget, plan: Plan): Promise<void> {
	const profile = PROFILES[plan.profile];
	const room = `bench-gen-${plan.profile}-${Date.now()}`;
	const generators = Array.from({ length: GENERATORS }, () => new Generator());
	const generatorOf = (watcher: number) => (GENERATORS > 1 ? 1 + (watcher % (GENERATORS - 1)) : 0);
	try {
		const publishers = await Promise.all(
			Array.from({ length: plan.publishers }, async (_, i) => ({
				token: await token(target, `gen-pub-${i}`, room),
				publish: plan.profile
			}))
		);
		await generators[0].request(
			{ type: 'join', url: target.url, participants: publishers },
			'joined'
		);
		let watchers = 0;
		for (const subscribers of plan.steps) {
			const joining: Array<Array<{ token: string; publish: null }>> = generators.map(() => []);
			for (; watchers < subscribers; watchers++) {
				joining[generatorOf(watchers)].push({
					token: await token(target, `gen-view-${watchers}`, room),
					publish: null
				});
			}
			await Promise.all(
				joining.map((participants, index) =>
					participants.length > 0
						? generators[index].request({ type: 'join', url: target.url, participants }, 'joined')
						: null
				)
			);
			// Stats come back generator by generator, each in join order: publishers first.
			const roles: Array<{ publisher: boolean }> = [];
			for (let g = 0; g < GENERATORS; g++) {
				if (g === 0) for (let i = 0; i < plan.publishers; i++) roles.push({ publisher: true });
				for (let w = 0; w < watchers; w++)
					if (generatorOf(w) === g) roles.push({ publisher: false });
			}
			const expected = (i: number) => (roles[i].publisher ? plan.publishers - 1 : plan.publishers);
			const short = await waitForStreams(generators, expected);
			await measure(target, generators, plan, { subscribers }, roles, profile.fps);
			if (short.length > 0) {
				console.log(
					`    (${short.length} participants miss streams: ${short.slice(0, 3).join('; ')})`
				);
			}
		}
	} finally {
		await Promise.all(generators.map((generator) => generator.close()));
	}
}

async function measure(
	target: LoadTarget,
	generators: Generator[],
	plan: Plan,
	step: Step,
	order: Array<{ publisher: boolean }>,
	fps: number
): Promise<void> {
	const before = (await snapshot(target, generators)).shot;
	await new Promise((done) => setTimeout(done, MEASURE_S * 1000));
	const { shot: after, participants } = await snapshot(target, generators);
	const seconds = (after.at - before.at) / 1000;
	const mediaCpu = (after.mediaCpu - before.mediaCpu) / seconds;
	const generatorCpu = (after.generatorCpu - before.generatorCpu) / seconds;
	const forwarded = (after.forwarded - before.forwarded) / seconds;
	const streams: StreamStats[] = participants.flatMap((p, i) =>
		p.streams.slice(0, order[i]?.publisher ? plan.publishers - 1 : plan.publishers)
	);
	const frameRates = streams.map((s) => s.frames / seconds).sort((a, b) => a - b);
	const received = streams.reduce((sum, s) => sum + s.packets, 0);
	const lost = streams.reduce((sum, s) => sum + s.lost, 0);
	const streamCount = plan.publishers * (plan.publishers - 1) + plan.publishers * step.subscribers;
	const perCore = forwarded / Math.max(mediaCpu, 0.01);
	const minFps = frameRates[0] ?? 0;
	console.log(
		`  ${plan.profile} ${plan.publishers} pub × ${step.subscribers} sub: ${streamCount} streams, ` +
			`${Math.round(forwarded)} pkt/s forwarded at ${(mediaCpu * 100).toFixed(0)}% CPU → ` +
			`${Math.round(perCore)} pkt/s per core, ${((mediaCpu * 100) / streamCount).toFixed(2)}% core/stream; ` +
			`fps p5 ${percentile(frameRates, 0.05).toFixed(1)} min ${minFps.toFixed(1)} (of ${fps}), ` +
			`loss ${((100 * lost) / Math.max(received + lost, 1)).toFixed(1)}% ` +
			`(${Math.round((after.socketDrops - before.socketDrops) / seconds)}/s dropped by full UDP buffers); ` +
			`generators ${(generatorCpu * 100).toFixed(0)}% CPU, load ${loadavg()[0].toFixed(1)}` +
			(minFps < MIN_FPS ? `  ← below ${MIN_FPS} fps` : '')
	);
}

export async function benchPacketGenerator(target: LoadTarget): Promise<void> {
	console.log(
		`\nEmbedded media server under a packet generator (werift peers, ${GENERATORS} processes), ` +
			`${MEASURE_S} s per step`
	);
	for (const plan of plansFromEnv()) await runPlan(target, plan);
}
