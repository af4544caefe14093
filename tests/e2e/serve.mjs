// Starts the built app (build/node/index.js) on a fresh database for the browser tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { e2eDataDir } from './data-dir.mjs';
import { join } from 'node:path';

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
	stdio: 'inherit',
	env: { ...process.env, DATABASE_URL: join(dir, 'hameau.db') }
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
