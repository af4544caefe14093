// The presence board under load: a status change fanned out to 200 live-event clients of one
// company (p50/p99 from the change to its receipt at each client), and board page SSR with 50
// members and 5 houses. Prints figures, asserts nothing.
import autocannon from 'autocannon';
import { request, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startServer } from '../tests/helpers/server';
import { HttpClient } from '../tests/helpers/client';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const MEMBERS = 50;
const HOUSES = 5;
const CLIENTS = Number(process.env.BENCH_PRESENCE_CLIENTS ?? 200);
const CHANGES = Number(process.env.BENCH_PRESENCE_CHANGES ?? 50);

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function check(response: Response, what: string): Promise<Response> {
	if (response.status >= 400) throw new Error(`${what} answered ${response.status}`);
	return response;
}

/**
 * A lean live-events client on node:http (fetch's web streams cost the one bench process more
 * than the server spends): it calls `onData` with each chunk of the stream as text.
 */
type LeanStream = { onData: ((text: string) => void) | null; request: ClientRequest };

function openStream(url: string, cookie: string): Promise<LeanStream> {
	return new Promise((resolve, reject) => {
		const stream: LeanStream = { onData: null, request: undefined as unknown as ClientRequest };
		stream.request = request(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
			if (res.statusCode !== 200) {
				reject(new Error(`events answered ${res.statusCode}`));
				res.resume();
				return;
			}
			res.setEncoding('utf8');
			res.on('data', (text: string) => stream.onData?.(text));
			resolve(stream);
		});
		stream.request.on('error', (error) => {
			// Closing the streams at the end aborts them on purpose.
			if (!stream.request.destroyed) reject(error);
		});
		stream.request.end();
	});
}

/** A company of 50 members and 5 houses, most people checked in somewhere, some with a status. */
export async function setUpBoard(
	baseUrl: string
): Promise<{ owner: HttpClient; members: HttpClient[]; slug: string }> {
	const owner = new HttpClient(baseUrl);
	await owner.signUp('Bench Owner', 'owner@presence.bench', 'a long bench password');
	const slug = await owner.createCompany('Presence Bench');
	for (let i = 1; i <= HOUSES; i += 1) {
		await check(
			await owner.postForm(`/${slug}/houses?/create`, {
				name: `Maison ${i}`,
				commune: 'Murat',
				address: '',
				seats: '8',
				timeZone: i === HOUSES ? 'America/Toronto' : 'Europe/Paris',
				monthlyCost: '900'
			}),
			'house creation'
		);
	}
	const invitation = await owner.postForm(`/${slug}/invitations?/create`, {
		role: 'member',
		email: '',
		expiresInDays: '7',
		uses: 'multi'
	});
	const token = /\/invite\/([a-z0-9]+)/.exec(await invitation.text())?.[1];
	if (!token) throw new Error('no invitation link');
	const members: HttpClient[] = [owner];
	for (let i = 1; i < MEMBERS; i += 1) {
		const member = new HttpClient(baseUrl);
		await check(
			await member.postForm(`/invite/${token}?/signup`, {
				name: `Member ${i}`,
				email: `member-${i}@presence.bench`,
				password: 'a long bench password'
			}),
			'member sign-up'
		);
		members.push(member);
	}
	// A board with people in every column: most checked in at a house, some with a status.
	const board = await (await owner.get(`/${slug}`)).text();
	const houseIds = [...board.matchAll(/name="houseId" value="([a-z0-9]+)"/g)].map((m) => m[1]);
	for (const [i, member] of members.entries()) {
		if (i % 5 !== 4) {
			await check(
				await member.postForm(`/${slug}?/checkIn`, { houseId: houseIds[i % houseIds.length] }),
				'check-in'
			);
		}
		if (i % 3 === 0) {
			await check(
				await member.postForm(`/${slug}?/setStatus`, { text: `On task ${i}`, emoji: '🌿' }),
				'status'
			);
		}
	}

	return { owner, members, slug };
}

export async function benchPresence(): Promise<void> {
	const server = await startServer({ env: { LOG_LEVEL: 'error' } });
	const streams: LeanStream[] = [];
	try {
		const { owner, members, slug } = await setUpBoard(server.url);
		const ssr = await autocannon({
			url: `${server.url}/${slug}`,
			connections: 10,
			duration: DURATION_S,
			headers: { cookie: owner.cookieHeader() }
		});
		console.log(
			`\nPresence board SSR (${MEMBERS} members, ${HOUSES} houses) — autocannon, 10 connections, ${DURATION_S} s`
		);
		console.table([
			{
				'req/s': Math.round(ssr.requests.average),
				'p50 ms': ssr.latency.p50,
				'p99 ms': ssr.latency.p99,
				errors: ssr.errors + ssr.non2xx
			}
		]);

		// 200 clients of the company (the members' sessions, several tabs each).
		for (let i = 0; i < CLIENTS; i += 1) {
			const member = members[i % members.length];
			streams.push(await openStream(`${server.url}/${slug}/events`, member.cookieHeader()));
		}
		const latencies: number[] = [];
		let missed = 0;
		const writer = members[1];
		for (let change = 0; change < CHANGES; change += 1) {
			const text = `change ${change}`;
			const marker = `"text":"${text}"`;
			let received = 0;
			let start = 0;
			let allReceived: () => void = () => {};
			const done = new Promise<void>((resolve) => (allReceived = resolve));
			for (const stream of streams) {
				stream.onData = (text) => {
					if (!text.includes(marker)) return;
					latencies.push(performance.now() - start);
					stream.onData = null;
					received += 1;
					if (received === streams.length) allReceived();
				};
			}
			start = performance.now();
			// As the board's enhanced form posts it: the answer is the action's JSON, no page render.
			const response = await writer.request(`/${slug}?/setStatus`, {
				method: 'POST',
				headers: {
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'content-type': 'application/x-www-form-urlencoded',
					origin: server.url
				},
				body: new URLSearchParams({ text, emoji: '⏱' }).toString()
			});
			await check(response, 'status change');
			await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5_000))]);
			missed += streams.length - received;
		}
		latencies.sort((a, b) => a - b);
		console.log(
			`\nLive events fan-out — ${CLIENTS} clients of one company, ${CHANGES} status changes ` +
				`(from the form post to receipt at each client)`
		);
		console.table([
			{
				deliveries: latencies.length,
				missed,
				'p50 ms': Number(percentile(latencies, 50).toFixed(1)),
				'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
				'max ms': Number(latencies.at(-1)?.toFixed(1))
			}
		]);
		console.log('target: p99 ≤ 100 ms');
	} finally {
		for (const stream of streams) stream.request.destroy();
		await server.stop();
	}
}
