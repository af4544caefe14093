// Builds what `node build/node/index.js` runs: the SvelteKit app (vite build, adapter-node's
// build/), then the Node entry points of server/ compiled by esbuild into build/node/, then a stamp.
// `node server/build.mjs --if-stale` builds only when a source is newer than the stamp, so that
// `npm start` on a current build starts at once.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = resolve(import.meta.dirname, '..');

/** Where the compiled entry points go (adapter-node owns the rest of build/). */
export const NODE_BUILD_DIR = join(root, 'build', 'node');

/** Written last by a successful build; its mtime is the build's age. */
const STAMP = join(root, 'build', 'node', 'built');

/** Everything a build reads. */
const SOURCES = [
	'src',
	'server',
	'static',
	'messages',
	'project.inlang/settings.json',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];

/** Generated from messages/ and project.inlang whenever `npm run i18n` runs, which changes nothing. */
const GENERATED = join(root, 'src', 'lib', 'paraglide');

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newestMtime(path) {
	if (path === GENERATED || !existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** True when a build exists and no source changed since it was made. */
export function buildIsCurrent() {
	if (!existsSync(STAMP) || !existsSync(join(root, 'build', 'handler.js'))) return false;
	const built = statSync(STAMP).mtimeMs;
	return SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

/** The Node processes' entries: the app, the media process it starts, the operator's tool. */
const ENTRY_POINTS = ['server/index.ts', 'server/media/main.ts', 'server/reset-password.ts'];

async function compileServer() {
	await build({
		absWorkingDir: root,
		entryPoints: ENTRY_POINTS,
		outbase: 'server',
		outdir: NODE_BUILD_DIR,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// Packages are installed beside the build (native ones like better-sqlite3 cannot be bundled);
		// only the project's own TypeScript is compiled in.
		packages: 'external',
		sourcemap: true,
		logLevel: 'warning'
	});
}

/** The whole build; the stamp is written only once both halves succeeded. */
export async function buildAll() {
	// What `vite build` does: the app, adapter-node writing build/ (and emptying it first).
	await viteBuild({ root });
	await compileServer();
	writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
	if (process.argv.includes('--if-stale') && buildIsCurrent()) {
		console.log('The build is current: not rebuilding.');
	} else {
		await buildAll();
	}
}
