// The presence board under load: a status change fanned out to 200 live-event clients of one
// company (p50/p99 from the change to its receipt at each client), and board page SSR with 50
// members and 5 houses. Prints figures, asserts nothing.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { startServer } from '../tests/helpers/server';
import { HttpClient } from '../tests/helpers/client';
import { SseClient } from '../tests/presence/sse-client';

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

export async function benchPresence(): Promise<void> {
	const server = await startServer({ env: { LOG_LEVEL: 'error' } });
	const streams: SseClient[] = [];
	try {
		const owner = new HttpClient(server.url);
		await owner.signUp('Bench Owner', 'owner@presence.bench', 'a long bench password');
		const slug = await owner.createCompany('Presence Bench');
		for (let i = 1; i <= HOUSES; i += 1) {
			await check(
				await owner.postForm(`/${slug}/houses?/create`, {
					name: `Maison ${i}`,
					commune: 'Murat',
					address: '',
					seats: '8',
					timeZone: i === HOUSES ? 'America/Montreal' : 'Europe/Paris',
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
			const member = new HttpClient(server.url);
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
			const stream = await SseClient.open(`${server.url}/${slug}/events`, {
				cookie: member.cookieHeader()
			});
			if (stream.status !== 200) throw new Error(`events answered ${stream.status}`);
			streams.push(stream);
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
				stream.onFrame = (frame) => {
					if (!frame.data.includes(marker)) return;
					latencies.push(performance.now() - start);
					stream.onFrame = null;
					received += 1;
					if (received === streams.length) allReceived();
				};
			}
			start = performance.now();
			const response = await writer.postForm(`/${slug}?/setStatus`, { text, emoji: '⏱' });
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
		await Promise.all(streams.map((stream) => stream.close()));
		await server.stop();
	}
}
