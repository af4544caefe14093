// A process of werift participants driven by bench/media.ts over IPC: it joins the ones it is
// told to (publishing or only watching), and reports what their subscriber connections received.
// Run as `node --import tsx bench/media-load/generator.ts`; it is a child process so that its CPU
// is not the media server's, and so that several can share the load.
import { BenchParticipant, PROFILES, type StreamStats } from './peer';

/** Requests from the bench. */
export type GeneratorRequest =
	| {
			type: 'join';
			url: string;
			participants: Array<{ token: string; publish: keyof typeof PROFILES | null }>;
	  }
	| { type: 'stats' }
	| { type: 'close' };

/** Answers to the bench, one per request. */
export type GeneratorReply =
	| { type: 'joined'; count: number }
	| {
			type: 'stats';
			participants: Array<{ streams: StreamStats[]; states: string }>;
			cpuSeconds: number;
	  }
	| { type: 'closed' }
	| { type: 'error'; message: string };

/**
 * Joins one at a time. (With several at once, a run now and then left a watcher without one of
 * the streams; not investigated yet, see the report of session 3.)
 */
const JOIN_CONCURRENCY = 1;

const participants: BenchParticipant[] = [];

function reply(message: GeneratorReply): void {
	process.send?.(message);
}

function cpuSeconds(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1e6;
}

async function join(request: Extract<GeneratorRequest, { type: 'join' }>): Promise<void> {
	const queue = [...request.participants];
	const worker = async () => {
		for (let next = queue.shift(); next; next = queue.shift()) {
			const participant = await BenchParticipant.connect(request.url, next.token);
			await participant.join(next.publish ? PROFILES[next.publish] : null);
			participants.push(participant);
		}
	};
	await Promise.all(Array.from({ length: JOIN_CONCURRENCY }, worker));
	reply({ type: 'joined', count: participants.length });
}

process.on('message', (request: GeneratorRequest) => {
	const handle = async () => {
		switch (request.type) {
			case 'join':
				await join(request);
				return;
			case 'stats':
				reply({
					type: 'stats',
					participants: participants.map((participant) => ({
						streams: participant.takeStats(),
						states: participant.states
					})),
					cpuSeconds: cpuSeconds()
				});
				return;
			case 'close':
				await Promise.all(participants.map((participant) => participant.close()));
				reply({ type: 'closed' });
				process.exit(0);
		}
	};
	handle().catch((error: unknown) =>
		reply({
			type: 'error',
			message: error instanceof Error ? (error.stack ?? error.message) : String(error)
		})
	);
});
// werift settles promises of closing connections nobody awaits; a bench run goes on.
process.on('unhandledRejection', () => undefined);
