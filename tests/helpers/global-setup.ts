// Vitest global setup: the server tests spawn `server/index.ts`, which serves the adapter-node
// build. Build once when it is missing so `vitest run` works on a fresh checkout. A stale build is
// not detected: run `npx vite build` after changing routes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
	if (existsSync(resolve(process.cwd(), 'build/handler.js'))) return;
	console.log('build/handler.js is missing: running `npx vite build` before the tests');
	const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', cwd: process.cwd() });
	if (result.status !== 0) {
		throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
	}
}
