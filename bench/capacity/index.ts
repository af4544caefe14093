// `capacity` part: how many people one Hameau node serves. The compiled app (with its embedded
// media server) runs on its own SQLite file; a region of N companies × M people is written into
// it, and client threads play a compressed morning: everyone opens the board and its live-events
// stream, a share edits documents at typing speed, check-ins, plan changes and statuses spread
// over the step, boards reload, stand-ups in several companies are answered and started at once;
// meanwhile a few calls run on the embedded media server (LiveKit's native SDK). N grows step by
// step until a service level breaks. Prints figures, asserts nothing.
//
// Settings (environment):
//   CAPACITY_SMOKE=1          one tiny step (2 companies × 5 people, 8 s), for development
//   CAPACITY_STEPS=5,10,20    companies per step (default 5,10,20,40,80,160)
//   CAPACITY_PEOPLE=20        people per company          CAPACITY_HOUSES=3    houses per company
//   CAPACITY_DOCUMENTS=2      documents per company       CAPACITY_EDITORS=0.2 share editing
//   CAPACITY_TYPING=5         keystrokes/s per editor     CAPACITY_STANDUPS=0.25 share holding one
//   CAPACITY_RELOADS=2        board reloads per person per step, besides opening it
//   CAPACITY_DURATION=45      seconds per step            CAPACITY_THREADS=2   client threads
//   CAPACITY_CALLS=2          calls                       CAPACITY_CALL_SIZE=2 people per call
//   CAPACITY_ALL_STEPS=1      run every step, even past the first broken one (how CPU and memory
//                             grow, on a machine too busy to hold the service levels)
import type { Worker } from 'node:worker_threads';
import { generatedMediaKeys, startServer } from '../../tests/helpers/server';
import { BENCH_ARRAY, BenchClient, clockBaseOf } from '../collab/client';
import { tsWorker } from '../ts-worker';
import { Calls, type CallFigures } from './calls';
import { childrenOf, readProcess, used, type ProcessUse } from './process-meter';
import { limitsBroken, percentile, pooled, type StepRow } from './service-levels';
import type { CompanySeed } from './seed';
import type { StepFigures, StepRequest } from './worker';

const smoke = process.env.CAPACITY_SMOKE === '1';
const number = (name: string, fallback: number, smokeValue = fallback) =>
	Number(process.env[name] ?? (smoke ? smokeValue : fallback));

const settings = {
	steps: (process.env.CAPACITY_STEPS ?? (smoke ? '2' : '5,10,20,40,80,160')).split(',').map(Number),
	people: number('CAPACITY_PEOPLE', 20, 5),
	houses: number('CAPACITY_HOUSES', 3, 2),
	documents: number('CAPACITY_DOCUMENTS', 2, 1),
	editorShare: number('CAPACITY_EDITORS', 0.2),
	typingRate: number('CAPACITY_TYPING', 5),
	standupShare: number('CAPACITY_STANDUPS', 0.25),
	boardReloads: number('CAPACITY_RELOADS', 2),
	durationMs: number('CAPACITY_DURATION', 45, 8) * 1000,
	threads: number('CAPACITY_THREADS', 2, 1),
	calls: number('CAPACITY_CALLS', 2, 1),
	callSize: number('CAPACITY_CALL_SIZE', 2),
	drainMs: 5_000,
	allSteps: process.env.CAPACITY_ALL_STEPS === '1'
};

/** A thread of clients (worker.ts). */
class ClientThread {
	private readonly worker: Worker;

	constructor() {
		this.worker = tsWorker(new URL('./worker.ts', import.meta.url), { clockBase: clockBaseOf() });
	}

	run(request: StepRequest): Promise<StepFigures> {
		return new Promise((resolve, reject) => {
			const fail = (error: Error) => reject(error);
			this.worker.once('error', fail);
			this.worker.once('message', (figures: StepFigures) => {
				this.worker.off('error', fail);
				resolve(figures);
			});
			this.worker.postMessage(request);
		});
	}

	stop(): Promise<number> {
		return this.worker.terminate();
	}
}

const ms = (values: Float64Array) =>
	values.length
		? `${percentile(values, 50).toFixed(0)} / ${percentile(values, 99).toFixed(0)}`
		: '—';
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

export async function benchCapacity(): Promise<void> {
	const server = await startServer({
		env: {
			LOG_LEVEL: 'error',
			// The embedded media server whatever the environment says, its webhooks off (the calls
			// are not the app's rooms).
			LIVEKIT_URL: undefined,
			LIVEKIT_API_KEY: undefined,
			LIVEKIT_API_SECRET: undefined,
			MEDIA_WEBHOOK_URL: 'off'
		}
	});
	// The seeding goes through the app's own modules, on the server's database. Parts that ran
	// before in this process (`npm run bench`) may have opened another: forget it.
	process.env.DATABASE_URL = server.dbPath;
	const threads = Array.from({ length: settings.threads }, () => new ClientThread());
	let calls: Calls | null = null;
	const rows: StepRow[] = [];
	try {
		const { seedCompanies, seedStandups } = await import('./seed');
		const { closeDb, getDb } = await import('../../src/lib/server/db');
		const { forgetConfig } = await import('../../src/lib/server/config');
		closeDb();
		forgetConfig();
		const appPid = server.child.pid!;
		const idleRss = readProcess(appPid).rssBytes;
		const keys = generatedMediaKeys(server);
		if (settings.calls > 0) {
			calls = await Calls.start(
				server.url.replace(/^http/, 'ws'),
				keys,
				settings.calls,
				settings.callSize
			);
		}
		const mediaPid = childrenOf(appPid)[0] ?? null;

		console.log(
			`\nOne node's capacity — steps of ${settings.steps.join(', ')} companies × ${settings.people} people, ` +
				`${settings.houses} houses and ${settings.documents} documents each; ${settings.durationMs / 1000} s a step; ` +
				`${Math.round(settings.editorShare * 100)}% editing at ${settings.typingRate} keys/s; ` +
				`stand-ups in ${Math.round(settings.standupShare * 100)}% of companies; ` +
				`${settings.calls} calls × ${settings.callSize}; ${settings.threads} client threads`
		);
		const companies: CompanySeed[] = [];
		for (const target of settings.steps) {
			if (target > companies.length) {
				companies.push(
					...seedCompanies(companies.length, target - companies.length, {
						people: settings.people,
						houses: settings.houses,
						documents: settings.documents
					})
				);
			}
			const every = Math.max(1, Math.round(1 / settings.standupShare));
			for (const company of companies) company.standup = null;
			seedStandups(companies.filter((_, index) => index % every === 0));
			if (rows.length === 0) await warmUp(server.url, companies[0]);
			// Fold the seeding into the main file so the step's write rate is the app's own.
			getDb().$client.pragma('wal_checkpoint(TRUNCATE)');

			const startAt = Date.now() + 500;
			const busyFrom = startAt + 0.25 * settings.durationMs;
			const busyTo = startAt + settings.durationMs;
			const readings = new Promise<{ app: ProcessUse; media: ProcessUse | null }>((resolve) => {
				setTimeout(() => {
					calls?.reset();
					const appBefore = readProcess(appPid);
					const mediaBefore = mediaPid ? readProcess(mediaPid) : null;
					setTimeout(() => {
						resolve({
							app: used(appBefore, readProcess(appPid)),
							media: mediaBefore && mediaPid ? used(mediaBefore, readProcess(mediaPid)) : null
						});
					}, busyTo - busyFrom);
				}, busyFrom - Date.now());
			});
			const callFigures = new Promise<CallFigures[]>((resolve) =>
				setTimeout(() => resolve(calls?.figures() ?? []), busyTo - Date.now())
			);
			const results = await Promise.all(
				threads.map((thread, t) =>
					thread.run({
						type: 'step',
						baseUrl: server.url,
						companies: companies.filter((_, index) => index % threads.length === t),
						startAt,
						durationMs: settings.durationMs,
						editorShare: settings.editorShare,
						typingRate: settings.typingRate,
						boardReloads: settings.boardReloads,
						drainMs: settings.drainMs
					})
				)
			);
			const use = await readings;
			const sum = (pick: (figures: StepFigures) => number) =>
				results.reduce((total, figures) => total + pick(figures), 0);
			const row: Omit<StepRow, 'broken'> = {
				companies: companies.length,
				people: companies.length * settings.people,
				figures: {
					board: pooled(results.map((r) => r.board)),
					live: pooled(results.map((r) => r.live)),
					edit: pooled(results.map((r) => r.edit)),
					actions: pooled(results.map((r) => r.actions)),
					standup: pooled(results.map((r) => r.standup))
				},
				missedLive: sum((r) => r.missedLive),
				missedEdits: sum((r) => r.missedEdits),
				keystrokes: sum((r) => r.keystrokes),
				writes: sum((r) => r.writes),
				streams: sum((r) => r.streams),
				editors: sum((r) => r.editors),
				errors: sum((r) => r.errors),
				firstError: results.find((r) => r.firstError)?.firstError ?? null,
				calls: await callFigures,
				seconds: settings.durationMs / 1000,
				app: use.app,
				media: use.media
			};
			rows.push({ ...row, broken: limitsBroken(row) });
			printStep(rows.at(-1)!);
			if (rows.at(-1)!.broken.length && !settings.allSteps) break;
		}
		closeDb();
		printSummary(rows, idleRss);
	} finally {
		await calls?.stop();
		await Promise.all(threads.map((thread) => thread.stop()));
		await server.stop();
		if (settings.calls > 0) await (await import('@livekit/rtc-node')).dispose();
	}
}

/**
 * A fresh process compiles its hot paths under its first requests: the pages the steps time are
 * loaded a few dozen times first, and a document edited, so the first step's p99 is not the
 * compiler's.
 */
async function warmUp(baseUrl: string, company: CompanySeed): Promise<void> {
	const { cookie } = company.people[0];
	const paths = [`/${company.slug}`, `/${company.slug}/__data.json`, `/${company.slug}/plan`];
	if (company.standup) paths.push(`/${company.slug}/standups/${company.standup.id}`);
	for (let round = 0; round < 30; round += 1) {
		for (const path of paths)
			await (await fetch(`${baseUrl}${path}`, { headers: { cookie } })).text();
	}
	// And the collaboration server's path for an update: 300 keystrokes between two editors.
	const [documentId] = company.documentIds;
	const editors = company.people.slice(0, 2).map(
		(person) =>
			new BenchClient({
				url: `${baseUrl.replace(/^http/, 'ws')}/collab/${documentId}`,
				room: documentId,
				framing: 'y-websocket',
				headers: { cookie: person.cookie },
				timeoutMs: 30_000
			})
	);
	await Promise.all(editors.map((editor) => editor.whenReady()));
	const received = editors[1].doc.getArray(BENCH_ARRAY);
	for (let seq = 0; seq < 300; seq += 1) {
		const arrived = new Promise<void>((resolve) => {
			const seen = () => {
				received.unobserve(seen);
				resolve();
			};
			received.observe(seen);
		});
		editors[0].write(seq);
		await arrived;
	}
	for (const editor of editors) editor.close();
}

function printStep(row: StepRow): void {
	const { seconds } = row;
	const { board, live, edit, actions, standup } = row.figures;
	// Every change posted is one transaction; every keystroke one stored update row.
	const writesPerSecond = (row.writes + row.keystrokes) / seconds;
	console.log(
		`\n${row.companies} companies, ${row.people} people: ${row.streams} boards open, ` +
			`${row.editors} editing (${(row.keystrokes / seconds).toFixed(0)} keys/s), ` +
			`${(board.length / seconds).toFixed(1)} board loads/s, ${(actions.length / seconds).toFixed(1)} changes/s`
	);
	console.table([
		{
			'board p50/p99 ms': ms(board),
			'live event p50/p99 ms': ms(live),
			'edit fan-out p50/p99 ms': ms(edit),
			'change post p50/p99 ms': ms(actions),
			'stand-up p50/p99 ms': ms(standup),
			'app CPU %': Math.round(row.app.cores * 100),
			'app RSS MiB': mib(row.app.rssBytes),
			'media CPU %': row.media ? Math.round(row.media.cores * 100) : '—',
			'writes/s': Math.round(writesPerSecond),
			'disk KiB/s': Math.round(row.app.writtenBytesPerSecond / 1024)
		}
	]);
	if (row.calls.length) {
		console.log(
			'calls: ' +
				row.calls
					.map(
						(call) =>
							`#${call.call} ${call.fps.toFixed(1)} fps, tone in ${(call.audio * 100).toFixed(0)}% of audio, streams ${call.streams}`
					)
					.join(' · ')
		);
	}
	const losses = `lost: ${row.missedLive} live events, ${row.missedEdits} keystrokes; ${row.errors} failed requests`;
	console.log(losses + (row.firstError ? ` (first: ${row.firstError})` : ''));
	console.log(row.broken.length ? `BROKEN: ${row.broken.join('; ')}` : 'every service level held');
}

function printSummary(rows: StepRow[], idleRss: number): void {
	const firstBroken = rows.findIndex((row) => row.broken.length > 0);
	const broke = firstBroken >= 0 ? rows[firstBroken] : null;
	const held = (firstBroken >= 0 ? rows.slice(0, firstBroken) : rows).at(-1);
	console.log('\nCapacity of one node');
	console.log(
		held
			? `  largest load held: ${held.companies} companies × ${held.people / held.companies} people = ` +
					`${held.people} people (${held.editors} editing, ${held.calls.length} calls)`
			: `  no step held`
	);
	console.log(
		broke
			? `  first limit hit at ${broke.people} people: ${broke.broken.join('; ')}`
			: `  no limit hit up to the last step (raise CAPACITY_STEPS)`
	);
	// Sized on the largest step held; with CAPACITY_ALL_STEPS and none held, on the last one run
	// (how the cost grows, not a load the node serves).
	const sized = held ?? (settings.allSteps ? rows.at(-1) : undefined);
	if (!sized) return;
	const first = rows[0];
	// The cost of people, not of the process: the growth from the first step to the sized one,
	// when there are two; else everything over the people (fixed costs included).
	const marginal = sized !== first;
	const people = marginal ? sized.people - first.people : sized.people;
	const cores = marginal ? sized.app.cores - first.app.cores : sized.app.cores;
	const rss = sized.app.rssBytes - (marginal ? first.app.rssBytes : idleRss);
	const per100 = (value: number) => (value / people) * 100;
	const span = marginal ? ` (from ${first.people} to ${sized.people})` : ' (fixed costs included)';
	console.log(
		`  per 100 active people${span}: app ${(per100(cores) * 100).toFixed(1)}% of a core, ` +
			`${(per100(rss) / 1024 / 1024).toFixed(1)} MiB; app RSS ${mib(sized.app.rssBytes)} MiB at ${sized.people} people ` +
			`(${mib(idleRss)} MiB idle)`
	);
	console.log(
		`  SQLite at ${sized.people} people: ${Math.round((sized.writes + sized.keystrokes) / sized.seconds)} ` +
			`writes/s (changes posted + stored keystrokes), ` +
			`${Math.round(sized.app.writtenBytesPerSecond / 1024)} KiB/s to disk`
	);
}
