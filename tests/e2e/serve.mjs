// Starts the built app on a fresh database for the browser tests.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { e2eDataDir } from './data-dir.mjs';
import { join } from 'node:path';

// A fixed place per port, wiped at each start, so tests can prepare data the UI cannot (an
// invitation that expired a week ago) in the same database.
const dir = e2eDataDir();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
	stdio: 'inherit',
	env: { ...process.env, DATABASE_URL: join(dir, 'hameau.db') }
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
