// Starts the built app (build/node/index.js) on a fresh database for the browser tests.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { e2eDataDir } from './data-dir.mjs';
import { dirname, join } from 'node:path';

// A fixed place per port, wiped at each start, so tests can prepare data the UI cannot (an
// invitation that expired a week ago) in the same database.
const dir = e2eDataDir();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
// The compiled app, as `npm start` runs it: built here when a source is newer than the build
// (`npm test` has just built it; `npx playwright test <file>` after an edit has not).
const build = spawnSync(process.execPath, ['server/build.mjs', '--if-stale'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(process.execPath, ['build/node/index.js'], {
	stdio: ['ignore', 'pipe', 'pipe'],
	env: { ...process.env, DATABASE_URL: join(dir, 'hameau.db') }
});
// What the app and its media process say (LOG_LEVEL), kept in E2E_SERVER_LOG as well — in the
// Playwright output directory, which CI keeps when a test fails — so that a failure there can be
// read afterwards. (Playwright empties that directory before it starts this server.)
const logFile = process.env.E2E_SERVER_LOG;
let log = null;
if (logFile) {
	mkdirSync(dirname(logFile), { recursive: true });
	log = createWriteStream(logFile, { flags: 'a' });
}
for (const [from, to] of [
	[child.stdout, process.stdout],
	[child.stderr, process.stderr]
]) {
	from.on('data', (chunk) => {
		to.write(chunk);
		log?.write(chunk);
	});
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => {
	const done = () => process.exit(code ?? 0);
	if (log) log.end(done);
	else done();
});
