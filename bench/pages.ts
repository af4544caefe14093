// Requests/s and latency of signed-in pages, beside an anonymous page of the same build (the
// peer: SvelteKit with no session and no database work) and node:http serving the same bytes (the
// ceiling), all in one run so that the ratios hold on a busy machine. The signed-in pages: a
// company page with one member and no house, and the presence board at 50 members × 5 houses (and
// the same with two stand-ups, whose cards it shows), at 500 members × 30 houses (a network's
// size) and at 500 × 5 (crowded houses, where the board's bound on each house's cards shows; the
// same board with every group shown whole beside it), seeded straight into the server's database.
// BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (read it with
// bench/cpu-profile.ts); BENCH_HTML=<dir>: the company page's and the boards' HTML are written there.
import autocannon from 'autocannon';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../tests/helpers/server';
import { HttpClient } from '../tests/helpers/client';
import { seedBoard } from '../tests/helpers/board-seed';
import { everyDayStandupFields } from '../tests/helpers/standup-form';
import { cpuSeconds } from './capacity/process-meter';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;

type Figures = {
	name: string;
	rps: number;
	p50: number;
	p99: number;
	errors: number;
	/** The server's CPU time per request (ms): what a busy shared machine distorts least. */
	cpuMs: number;
};

/** CPU time (user + system, ms) the process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuTimeMs(pid: number | undefined): number {
	if (pid === undefined) return NaN;
	try {
		return cpuSeconds(pid) * 1000;
	} catch {
		return NaN;
	}
}

/** The bytes a page takes on the wire when the browser accepts `encoding` (node:http does not decode). */
function wireBytes(
	url: string,
	headers: Record<string, string>,
	encoding: string
): Promise<number> {
	return new Promise((resolveBytes, reject) => {
		const req = request(url, { headers: { ...headers, 'accept-encoding': encoding } }, (res) => {
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
			res.on('end', () => resolveBytes(bytes));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

async function load(name: string, url: string, headers: Record<string, string>, pid?: number) {
	const before = cpuTimeMs(pid);
	const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
	const served = result.requests.total;
	return {
		name,
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.non2xx,
		cpuMs: pid === undefined ? NaN : (cpuTimeMs(pid) - before) / served
	} satisfies Figures;
}

/** A stand-up held every day at 09:30 for the whole company, through its form. */
async function createDailyStandup(client: HttpClient, origin: string, slug: string, name: string) {
	const created = await client.request(`/${slug}/standups/new`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
		body: new URLSearchParams(
			everyDayStandupFields([
				['name', name],
				['opensHours', '72']
			])
		).toString()
	});
	if (created.status !== 303) throw new Error(`stand-up form answered ${created.status}`);
}

const kib = (bytes: number) => (bytes / 1024).toFixed(bytes < 10240 ? 1 : 0);

export async function benchPages(): Promise<void> {
	const profileDir = process.env.BENCH_CPU_PROF;
	// BENCH_HTML=<dir>: the pages' HTML is written there (to read what a card costs in bytes).
	const htmlDir = process.env.BENCH_HTML;
	const server = await startServer({
		env: { LOG_LEVEL: 'error' },
		nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : []
	});
	try {
		const client = new HttpClient(server.url);
		await client.signUp('Bench Owner', 'owner@bench.example', 'a long bench password');
		const slug = await client.createCompany('Bench Company');
		const small = await client.createCompany('Board Fifty');
		const large = await client.createCompany('Board Five Hundred');
		seedBoard(server.dbPath, small, 50, 5);
		seedBoard(server.dbPath, large, 500, 30);
		// Few houses, many people each: the board shows each house's first people only, so this
		// one costs houses × that bound, not its 500 members.
		const crowded = await client.createCompany('Board Crowded');
		const crowdedHouses = seedBoard(server.dbPath, crowded, 500, 5).houseIds;
		// The same board with two daily stand-ups everyone takes part in: their cards on the board.
		const withStandups = await client.createCompany('Board Fifty Standups');
		seedBoard(server.dbPath, withStandups, 50, 5);
		for (const name of ['Morning round', 'Evening round']) {
			await createDailyStandup(client, server.url, withStandups, name);
		}
		const everyGroup = [...crowdedHouses.map((id) => `house:${id}`), 'unset']
			.map((group) => `all=${encodeURIComponent(group)}`)
			.join('&');
		const cookie = client.cookieHeader();
		const page = await fetch(`${server.url}/${slug}`, { headers: { cookie } });
		if (page.status !== 200) throw new Error(`company page answered ${page.status}`);
		const bytes = Buffer.from(await page.arrayBuffer());
		if (htmlDir) writeFileSync(join(htmlDir, 'company-page.html'), bytes);
		const contentType = page.headers.get('content-type') ?? 'text/html';
		const boardBytes: Record<string, number> = {};
		const onTheWire: Record<string, string> = {};
		for (const board of [small, large, crowded]) {
			const response = await fetch(`${server.url}/${board}`, { headers: { cookie } });
			if (response.status !== 200) throw new Error(`board ${board} answered ${response.status}`);
			const html = Buffer.from(await response.arrayBuffer());
			boardBytes[board] = html.byteLength;
			if (htmlDir) writeFileSync(join(htmlDir, `${board}.html`), html);
			const url = `${server.url}/${board}`;
			const [br, gzip] = [
				await wireBytes(url, { cookie }, 'br'),
				await wireBytes(url, { cookie }, 'gzip')
			];
			onTheWire[board] = `${kib(html.byteLength)} KiB, ${kib(br)} as Brotli, ${kib(gzip)} gzip`;
		}

		const ceiling = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
			res.end(bytes);
		});
		await new Promise<void>((done) => ceiling.listen(0, '127.0.0.1', done));
		const ceilingUrl = `http://127.0.0.1:${(ceiling.address() as AddressInfo).port}/`;

		// BENCH_PAGES=bare,company,board50,board50br,board50s,board500,board500x5,ceiling: only these.
		const only = process.env.BENCH_PAGES?.split(',') ?? null;
		const pages: Array<[string, string, string, Record<string, string>?]> = [
			['bare', 'bare SvelteKit page (anonymous /)', `${server.url}/`],
			['company', 'signed-in company page (1 member)', `${server.url}/${slug}`, { cookie }],
			['board50', 'board, 50 members × 5 houses', `${server.url}/${small}`, { cookie }],
			// What a browser gets: the same board compressed (server/compress-responses.ts).
			[
				'board50br',
				'the same, as Brotli (a browser)',
				`${server.url}/${small}`,
				{ cookie, 'accept-encoding': 'br' }
			],
			['board50s', 'the same with 2 stand-up cards', `${server.url}/${withStandups}`, { cookie }],
			['board500', 'board, 500 members × 30 houses', `${server.url}/${large}`, { cookie }],
			['board500x5', 'board, 500 members × 5 houses', `${server.url}/${crowded}`, { cookie }],
			[
				'board500x5all',
				'the same, every group whole',
				`${server.url}/${crowded}?${everyGroup}`,
				{ cookie }
			],
			['ceiling', 'node:http, same bytes (ceiling)', ceilingUrl]
		];
		const rows: Figures[] = [];
		for (const [key, name, url, headers] of pages) {
			const pid = key === 'ceiling' ? process.pid : server.child.pid;
			if (!only || only.includes(key)) rows.push(await load(name, url, headers ?? {}, pid));
		}
		ceiling.close();

		const rps = (name: string) => rows.find((row) => row.name.startsWith(name))?.rps ?? NaN;
		const bare = rps('bare');
		const cpuOf = (name: string) => rows.find((row) => row.name.startsWith(name))?.cpuMs ?? NaN;
		console.log(`\nHTTP pages — autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each`);
		console.table(
			rows.map((r) => ({
				page: r.name,
				'req/s': Math.round(r.rps),
				'of bare': `${((r.rps / bare) * 100).toFixed(0)}%`,
				'p50 ms': r.p50,
				'p99 ms': r.p99,
				'CPU ms/req': Number(r.cpuMs.toFixed(2)),
				'of bare (CPU)': `${((cpuOf('bare') / r.cpuMs) * 100).toFixed(0)}%`,
				errors: r.errors
			}))
		);
		console.log(
			`board HTML: ${Math.round(boardBytes[small] / 1024)} KiB at 50 × 5, ` +
				`${Math.round(boardBytes[large] / 1024)} KiB at 500 × 30, ` +
				`${Math.round(boardBytes[crowded] / 1024)} KiB at 500 × 5. ` +
				'"of bare (CPU)": the bare page\'s CPU per request over this page\'s, the req/s ratio ' +
				'a quiet machine would show (the ceiling row is the bench process itself, not the server).'
		);
		console.log(
			`on the wire: 50 × 5 ${onTheWire[small]}; 500 × 30 ${onTheWire[large]}; ` +
				`500 × 5 ${onTheWire[crowded]}`
		);
		console.log('target: company page and board (50 × 5) ≥ 60% of the bare page');
	} finally {
		await server.stop();
	}
}
