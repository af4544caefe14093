// @hocuspocus/server 3.x with its SQLite extension on a temporary file, configured as shipped
// (stores the whole document, debounced 2 s / at most every 10 s while edits keep coming).
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';
import { join } from 'node:path';
import { runServerProcess, serverArguments } from './child';

const { port, dir } = serverArguments();

await runServerProcess(async () => {
	const database = join(dir, 'hocuspocus.db');
	const sqlite = new SQLite({ database });
	const server = new Server({
		port,
		address: '127.0.0.1',
		quiet: true,
		stopOnSignals: false,
		extensions: [sqlite]
	});
	await server.listen();
	return {
		port: server.address.port,
		pathPrefix: '/',
		framing: 'hocuspocus',
		// sqlite3 opens the file in its default rollback-journal mode; the journal is transient.
		storageFiles: [database, `${database}-journal`, `${database}-wal`],
		prepare: async () => ({}),
		async stop() {
			await server.destroy();
			// The extension issues its upserts without waiting; closing runs after the queued ones.
			await new Promise<void>((closed, failed) =>
				sqlite.db ? sqlite.db.close((error) => (error ? failed(error) : closed())) : closed()
			);
		}
	};
});
