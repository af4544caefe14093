// Hameau's CollabServer with its SQLite persistence on, on a temporary database. The clients
// authenticate like a browser: one user, member of the company owning every benchmark document,
// whose session cookie each client sends with its upgrade. Started through `hameau.ts` (the
// server as shipped) or `hameau-unbounded.ts` (the update check without its limits).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CollabServerOptions } from '../../server/collab';
import { runServerProcess, serverArguments } from './child';

/** Runs the server process with `options` for its CollabServer. */
export async function runHameau(options: CollabServerOptions): Promise<void> {
	const { port, dir } = serverArguments();
	const database = join(dir, 'hameau.db');
	// Read once, at the first database use: it must be set before the modules below are loaded.
	process.env.DATABASE_URL = database;

	const { CollabServer } = await import('../../server/collab');
	const { refuseUpgrade } = await import('../../server/refuse-upgrade');
	const { closeDb, getDb } = await import('../../src/lib/server/db');
	const { documents } = await import('../../src/lib/server/db/schema');
	const { createUser } = await import('../../src/lib/server/auth/user');
	const { createCompany } = await import('../../src/lib/server/companies/companies');
	const { SESSION_COOKIE, createSession, generateSessionToken } =
		await import('../../src/lib/server/auth/session');

	await runServerProcess(async () => {
		const collab = new CollabServer(options);
		collab.start();
		const http = createServer((_request, response) => response.writeHead(404).end());
		http.on('upgrade', (request, socket, head) => {
			if ((request.url ?? '').startsWith('/collab/')) collab.handleUpgrade(request, socket, head);
			else refuseUpgrade(socket, 404, 'Not Found');
		});
		await new Promise<void>((listening) => http.listen(port, '127.0.0.1', listening));

		const user = await createUser({
			email: 'collab@bench.example',
			name: 'Bench Writer',
			password: 'a long bench password'
		});
		const company = createCompany(user.id, 'Bench Company');
		const token = generateSessionToken();
		createSession(token, user.id);

		return {
			port: (http.address() as AddressInfo).port,
			pathPrefix: '/collab/',
			framing: 'y-websocket',
			storageFiles: [database, `${database}-wal`],
			async prepare(ids) {
				const db = getDb();
				db.transaction((tx) => {
					ids.forEach((id, n) => {
						tx.insert(documents)
							.values({
								id,
								logKey: n + 1,
								companyId: company.id,
								title: id,
								kind: 'blank',
								createdBy: user.id
							})
							.run();
					});
				});
				// Fold the set-up into the main file, so storage growth counts only the benchmark.
				db.$client.pragma('wal_checkpoint(TRUNCATE)');
				return { cookie: `${SESSION_COOKIE}=${token}` };
			},
			async stop() {
				await collab.stop();
				await new Promise<void>((closed) => http.close(() => closed()));
				closeDb();
			}
		};
	});
}
