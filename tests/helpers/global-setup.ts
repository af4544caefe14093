// Vitest global setup: the server tests spawn the compiled app (build/node/index.js), which serves
// the adapter-node build. Build first when either is missing or older than a source, as `npm start`
// does, so `vitest run` tests the code in front of it — a production build, as `npm start` makes:
// Vitest sets NODE_ENV=test, which the build would inherit and compile Svelte's development checks
// into (10% of a board's time), and the browser tests and `npm start` then serve that build as is.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
	const result = spawnSync(process.execPath, ['server/build.mjs', '--if-stale'], {
		stdio: 'inherit',
		cwd: process.cwd(),
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (result.status !== 0) {
		throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
	}
}
