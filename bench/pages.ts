// Requests/s and latency of a signed-in company page, beside an anonymous page of the same build
// (the peer: SvelteKit with no session and no database work) and node:http serving the same
// bytes (the ceiling).
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer } from '../tests/helpers/server';
import { HttpClient } from '../tests/helpers/client';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;

type Figures = { name: string; rps: number; p50: number; p99: number; errors: number };

async function load(name: string, url: string, headers: Record<string, string> = {}) {
	const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
	return {
		name,
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.non2xx
	} satisfies Figures;
}

export async function benchPages(): Promise<void> {
	const server = await startServer({ env: { LOG_LEVEL: 'error' } });
	try {
		const client = new HttpClient(server.url);
		await client.signUp('Bench Owner', 'owner@bench.example', 'a long bench password');
		const slug = await client.createCompany('Bench Company');
		const cookie = client.cookieHeader();
		const page = await fetch(`${server.url}/${slug}`, { headers: { cookie } });
		if (page.status !== 200) throw new Error(`company page answered ${page.status}`);
		const bytes = Buffer.from(await page.arrayBuffer());
		const contentType = page.headers.get('content-type') ?? 'text/html';

		const ceiling = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
			res.end(bytes);
		});
		await new Promise<void>((done) => ceiling.listen(0, '127.0.0.1', done));
		const ceilingUrl = `http://127.0.0.1:${(ceiling.address() as AddressInfo).port}/`;

		const rows: Figures[] = [];
		rows.push(await load('signed-in company page', `${server.url}/${slug}`, { cookie }));
		rows.push(await load('bare SvelteKit page (anonymous /)', `${server.url}/`));
		rows.push(await load('node:http, same bytes (ceiling)', ceilingUrl));
		ceiling.close();

		console.log(`\nHTTP pages — autocannon, ${CONNECTIONS} connections, ${DURATION_S} s each`);
		console.table(
			rows.map((r) => ({
				page: r.name,
				'req/s': Math.round(r.rps),
				'p50 ms': r.p50,
				'p99 ms': r.p99,
				errors: r.errors
			}))
		);
		const ratio = rows[0].rps / rows[1].rps;
		console.log(
			`signed-in page at ${(ratio * 100).toFixed(0)}% of the bare page (target ≥ 60%), ` +
				`${((rows[0].rps / rows[2].rps) * 100).toFixed(0)}% of the ceiling`
		);
	} finally {
		await server.stop();
	}
}
