// One thread of the `capacity` part's clients. It plays whole companies (so the person who acts and
// the boards that must hear of it share a thread and a clock): everyone opens the board and its
// live-events stream, a share edits documents at typing speed, the morning's check-ins, plan
// changes and statuses spread over the step, the stand-ups are answered and started at once, and
// every board reloads now and then. It times each request, each live event from the action that
// caused it to its arrival at every open board of the company, and each keystroke from its writer
// to every other editor of the document.
import { request, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { BENCH_ARRAY, BenchClient, nowMicros, useClockBase } from '../collab/client';
import type { CompanySeed } from './seed';
import type { Latencies, StepCounts } from './service-levels';

export type StepRequest = {
	type: 'step';
	baseUrl: string;
	companies: CompanySeed[];
	/** Epoch ms at which every thread starts the step. */
	startAt: number;
	durationMs: number;
	/** Share of each company's people editing a document (at least two per company). */
	editorShare: number;
	/** Keystrokes per second per editor. */
	typingRate: number;
	/** Board reloads per person over the step, besides opening it. */
	boardReloads: number;
	/** How long after the step deliveries still count. */
	drainMs: number;
};

/** A thread's figures of one step, latencies unsorted. */
export type StepFigures = { type: 'figures' } & Latencies & StepCounts;

const port = parentPort;
if (!port) throw new Error('bench/capacity/worker.ts runs as a worker thread');
useClockBase((workerData as { clockBase: string }).clockBase);

/** The keystroke sequence carries its writer: seq = writer × SEQ_SPAN + n. */
const SEQ_SPAN = 1_000_000;

type Pending = { seq: number; t0: number; expected: number; received: number };

/** One open board's live-events stream (node:http: fetch's web streams cost more per chunk). */
type Stream = {
	request: ClientRequest;
	/** When its answer came: only changes made after it count as owed to it. */
	openedAt: number;
	seen: Map<string, number>;
	standupSeen: boolean;
};

type CompanyState = {
	seed: CompanySeed;
	streams: Stream[];
	pending: Map<string, Pending>;
	standupPending: Pending | null;
};

class Step {
	readonly board: number[] = [];
	readonly live: number[] = [];
	readonly edit: number[] = [];
	readonly actions: number[] = [];
	readonly standup: number[] = [];
	missedLive = 0;
	keystrokes = 0;
	writes = 0;
	expectedEdits = 0;
	receivedEdits = 0;
	errors = 0;
	firstError: string | null = null;
	private seq = 0;
	readonly companies: CompanyState[];
	readonly editors: BenchClient[] = [];

	constructor(readonly spec: StepRequest) {
		this.companies = spec.companies.map((seed) => ({
			seed,
			streams: [],
			pending: new Map(),
			standupPending: null
		}));
	}

	fail(what: string): void {
		this.errors += 1;
		this.firstError ??= what;
	}

	/** A request timed into `into`; anything but a 200 (and a successful action) is an error. */
	async timed(
		into: number[],
		path: string,
		cookie: string,
		form?: Record<string, string>
	): Promise<void> {
		const started = performance.now();
		if (form) this.writes += 1;
		try {
			const response = await fetch(`${this.spec.baseUrl}${path}`, {
				method: form ? 'POST' : 'GET',
				headers: form
					? {
							cookie,
							// As an enhanced form posts: the answer is the action's JSON, no page render.
							accept: 'application/json',
							'x-sveltekit-action': 'true',
							'content-type': 'application/x-www-form-urlencoded',
							origin: this.spec.baseUrl
						}
					: { cookie },
				body: form ? new URLSearchParams(form).toString() : undefined,
				redirect: 'manual'
			});
			const body = await response.text();
			into.push(performance.now() - started);
			const refused = form && !body.startsWith('{"type":"success"');
			if (response.status !== 200 || refused) {
				this.fail(`${form ? 'POST' : 'GET'} ${path}: ${response.status} ${body.slice(0, 120)}`);
			}
		} catch (error) {
			this.fail(`${path}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	openStream(company: CompanyState, cookie: string): Promise<void> {
		return new Promise((resolve) => {
			const stream: Stream = {
				request: undefined as unknown as ClientRequest,
				openedAt: Infinity,
				seen: new Map(),
				standupSeen: false
			};
			let buffer = '';
			stream.request = request(
				`${this.spec.baseUrl}/${company.seed.slug}/events`,
				{ headers: { cookie, accept: 'text/event-stream' }, agent: false },
				(response) => {
					if (response.statusCode !== 200) {
						this.fail(`events: ${response.statusCode}`);
						response.resume();
						resolve();
						return;
					}
					stream.openedAt = performance.now();
					company.streams.push(stream);
					resolve();
					response.setEncoding('utf8');
					response.on('data', (text: string) => {
						const arrived = performance.now();
						buffer += text;
						let end = buffer.indexOf('\n\n');
						while (end >= 0) {
							this.onFrame(company, stream, buffer.slice(0, end), arrived);
							buffer = buffer.slice(end + 2);
							end = buffer.indexOf('\n\n');
						}
					});
				}
			);
			stream.request.on('error', (error) => {
				// Closing the streams at the end aborts them on purpose.
				if (!stream.request.destroyed) this.fail(`events: ${error.message}`);
				resolve();
			});
			stream.request.end();
		});
	}

	private onFrame(company: CompanyState, stream: Stream, frame: string, arrived: number): void {
		if (frame.includes('"type":"person"')) {
			const userId = /"userId":"([^"]+)"/.exec(frame)?.[1];
			const pending = userId ? company.pending.get(userId) : undefined;
			if (!userId || !pending || stream.seen.get(userId) === pending.seq) return;
			// A stream opened after the change was not counted as owing it (see act()).
			if (stream.openedAt > pending.t0) return;
			stream.seen.set(userId, pending.seq);
			pending.received += 1;
			this.live.push(arrived - pending.t0);
		} else if (frame.includes('"type":"standup"') && frame.includes('"status":"live"')) {
			const pending = company.standupPending;
			if (!pending || stream.standupSeen || stream.openedAt > pending.t0) return;
			stream.standupSeen = true;
			pending.received += 1;
			this.live.push(arrived - pending.t0);
		}
	}

	/** A change by `userId` whose card every open board of the company must receive. */
	async act(
		company: CompanyState,
		userId: string,
		cookie: string,
		path: string,
		form: Record<string, string>
	) {
		const previous = company.pending.get(userId);
		if (previous) this.missedLive += previous.expected - previous.received;
		const pending: Pending = {
			seq: ++this.seq,
			t0: performance.now(),
			expected: company.streams.length,
			received: 0
		};
		company.pending.set(userId, pending);
		await this.timed(this.actions, path, cookie, form);
	}

	outstanding(): number {
		let missing = this.expectedEdits - this.receivedEdits;
		for (const company of this.companies) {
			for (const pending of company.pending.values())
				missing += pending.expected - pending.received;
			const standup = company.standupPending;
			if (standup) missing += standup.expected - standup.received;
		}
		return missing;
	}

	close(): void {
		for (const company of this.companies) {
			for (const stream of company.streams) stream.request.destroy();
			for (const pending of company.pending.values()) {
				this.missedLive += pending.expected - pending.received;
			}
			const standup = company.standupPending;
			if (standup) this.missedLive += standup.expected - standup.received;
		}
		for (const editor of this.editors) editor.close();
	}
}

const wait = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));
const between = (from: number, to: number) => from + Math.random() * (to - from);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One person's morning: the board and its stream, then changes and reloads at random times. */
async function person(step: Step, company: CompanyState, index: number, at: (f: number) => number) {
	const { seed } = company;
	const { userId, cookie } = seed.people[index];
	const span = step.spec.durationMs;
	await wait(at(between(0, 0.2)));
	await step.timed(step.board, `/${seed.slug}`, cookie);
	await step.openStream(company, cookie);
	const house = seed.houseIds[index % seed.houseIds.length];
	const tomorrow = isoDate(Date.now() + 86_400_000);
	type Move = { at: number; run: () => Promise<void> };
	const moves: Move[] = [
		{
			at: between(0.25, 0.95),
			run: () =>
				step.act(company, userId, cookie, `/${seed.slug}/plan?/saveDay`, {
					date: tomorrow,
					whole: `house:${house}`,
					note: ''
				})
		},
		{
			at: between(0.25, 0.95),
			run: () => step.act(company, userId, cookie, `/${seed.slug}?/checkIn`, { houseId: house })
		},
		{
			at: between(0.25, 0.95),
			run: () =>
				step.act(company, userId, cookie, `/${seed.slug}?/setStatus`, {
					text: `focus ${Math.round(Math.random() * 1e6)}`,
					emoji: '🌿'
				})
		},
		...Array.from({ length: step.spec.boardReloads }, () => ({
			at: between(0.25, 0.95),
			// What the board fetches when it refreshes its data (invalidateAll): no HTML.
			run: () => step.timed(step.board, `/${seed.slug}/__data.json`, cookie)
		}))
	];
	moves.sort((a, b) => a.at - b.at);
	for (const move of moves) {
		await wait(at(move.at));
		if (Date.now() > step.spec.startAt + span) break;
		await move.run();
	}
}

/** Everyone answers the stand-up at once, then its runner starts the round. */
async function standup(step: Step, company: CompanyState, at: (f: number) => number) {
	const { seed } = company;
	const standup = seed.standup;
	if (!standup) return;
	await wait(at(0.5));
	const path = `/${seed.slug}/standups/${standup.id}`;
	await Promise.all(
		seed.people.map(async ({ cookie }, i) => {
			await step.timed(step.standup, path, cookie);
			await step.timed(step.standup, `${path}?/answer`, cookie, {
				runId: standup.runId,
				intent: 'submit',
				...Object.fromEntries(
					standup.questionIds.map((id, q) => [`answer-${id}`, `Answer ${q + 1} from ${i}`])
				)
			});
		})
	);
	await wait(at(0.6));
	company.standupPending = {
		seq: 0,
		t0: performance.now(),
		expected: company.streams.length,
		received: 0
	};
	await step.timed(step.standup, `${path}?/round`, seed.people[0].cookie, {
		runId: standup.runId,
		command: 'start'
	});
}

/** A share of the company edits its documents, two or more to a document, typing steadily. */
async function editing(step: Step, company: CompanyState, at: (f: number) => number) {
	const { seed } = company;
	const editorCount = Math.min(
		seed.people.length,
		Math.max(2, Math.round(seed.people.length * step.spec.editorShare))
	);
	const documents = Math.max(1, Math.min(seed.documentIds.length, Math.floor(editorCount / 2)));
	const wsBase = step.spec.baseUrl.replace(/^http/, 'ws');
	await wait(at(between(0, 0.15)));
	const groups = await Promise.all(
		Array.from({ length: documents }, async (_, d) => {
			const members = Array.from({ length: editorCount }, (_, i) => i).filter(
				(i) => i % documents === d
			);
			const clients = await Promise.all(
				members.map(async (i) => {
					const writer = i;
					const client = new BenchClient({
						url: `${wsBase}/collab/${seed.documentIds[d]}`,
						room: seed.documentIds[d],
						framing: 'y-websocket',
						headers: { cookie: seed.people[i].cookie },
						timeoutMs: 30_000
					});
					try {
						await client.whenReady();
					} catch (error) {
						step.fail(`collab: ${error instanceof Error ? error.message : String(error)}`);
						client.close();
						return null;
					}
					// Watched from the end of the first sync: what earlier steps and the warm-up typed
					// is not this step's. Not BenchClient's onItem, which reads only the array's tail:
					// with several writers, a concurrent keystroke may land before this editor's own.
					client.doc.getArray<[number, number]>(BENCH_ARRAY).observe((event) => {
						if (event.transaction.local) return;
						const arrivedAt = nowMicros();
						for (const item of event.changes.added) {
							for (const [seq, sentAt] of item.content.getContent() as Array<[number, number]>) {
								if (Math.floor(seq / SEQ_SPAN) === writer) continue;
								step.receivedEdits += 1;
								step.edit.push((arrivedAt - sentAt) / 1000);
							}
						}
					});
					return { client, writer };
				})
			);
			return clients.filter((c): c is { client: BenchClient; writer: number } => c !== null);
		})
	);
	for (const group of groups) for (const { client } of group) step.editors.push(client);
	await wait(at(0.25));
	const end = Date.now() + at(0.95);
	await Promise.all(
		groups.flatMap((group) =>
			group.map(async ({ client, writer }) => {
				let n = 0;
				await wait(Math.random() * (1000 / step.spec.typingRate));
				while (Date.now() < end) {
					client.write(writer * SEQ_SPAN + n++);
					step.keystrokes += 1;
					step.expectedEdits += group.length - 1;
					await wait(1000 / step.spec.typingRate);
				}
			})
		)
	);
}

async function runStep(spec: StepRequest): Promise<StepFigures> {
	const step = new Step(spec);
	/** Milliseconds from now until the fraction `f` of the step. */
	const at = (f: number) => spec.startAt + f * spec.durationMs - Date.now();
	await wait(spec.startAt - Date.now());
	await Promise.all(
		step.companies.flatMap((company) => [
			...company.seed.people.map((_, i) => person(step, company, i, at)),
			standup(step, company, at),
			editing(step, company, at)
		])
	);
	await wait(at(1));
	// Late deliveries still count (the service level decides what late means), up to drainMs.
	const drainEnd = Date.now() + spec.drainMs;
	while (step.outstanding() > 0 && Date.now() < drainEnd) await wait(50);
	step.close();
	const streams = step.companies.reduce((sum, company) => sum + company.streams.length, 0);
	return {
		type: 'figures',
		board: Float64Array.from(step.board),
		live: Float64Array.from(step.live),
		edit: Float64Array.from(step.edit),
		actions: Float64Array.from(step.actions),
		standup: Float64Array.from(step.standup),
		missedLive: step.missedLive,
		missedEdits: step.expectedEdits - step.receivedEdits,
		keystrokes: step.keystrokes,
		writes: step.writes,
		streams,
		editors: step.editors.length,
		errors: step.errors,
		firstError: step.firstError
	};
}

port.on('message', (message: StepRequest) => {
	runStep(message).then(
		(figures) =>
			port.postMessage(figures, [
				figures.board.buffer,
				figures.live.buffer,
				figures.edit.buffer,
				figures.actions.buffer,
				figures.standup.buffer
			] as ArrayBuffer[]),
		(error) => {
			throw error;
		}
	);
});
