// Runs npm scripts at the same time and fails if any fails: `npm test` checks types and lint side
// by side, as each keeps one core busy for a minute and the machine has two. Each script's output
// is held and printed whole once it ends, so the two logs do not interleave.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
	console.error('usage: node scripts/run-together.mjs <npm script> [<npm script>…]');
	process.exit(2);
}

/** Runs `npm run <script>`; resolves to its exit code once its output is printed. */
function run(script) {
	return new Promise((resolve) => {
		const child = spawn('npm', ['run', '--silent', script], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
		});
		const output = [];
		child.stdout.on('data', (chunk) => output.push(chunk));
		child.stderr.on('data', (chunk) => output.push(chunk));
		child.on('close', (code, signal) => {
			const status = code ?? (signal ? 1 : 0);
			process.stdout.write(`\n> npm run ${script}${status === 0 ? '' : ` (failed: ${status})`}\n`);
			process.stdout.write(Buffer.concat(output));
			resolve(status);
		});
	});
}

const codes = await Promise.all(scripts.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
