// `npm run bench`: prints figures, asserts nothing.
// BENCH_ONLY=<comma-separated names> runs only those parts: session, pages, collab, presence,
// media, video, native, statements, live, capacity, village (root: a network namespace and tc).
// Every part but collab, statements and live runs the compiled app or media process; those need
// no build, so `BENCH_ONLY=collab node --import tsx bench/index.ts` skips `npm run build` (the
// collab part's own settings are described in bench/collab/index.ts).
import { benchCapacity } from './capacity';
import { benchCollab } from './collab';
import { benchLiveQueries } from './live-queries';
import { benchMedia } from './media';
import { benchNative } from './native';
import { benchPages } from './pages';
import { benchPresence } from './presence';
import { benchSessionValidation } from './session-validation';
import { benchStatements } from './statements';
import { benchVideo } from './video';
import { benchVillage } from './village';

const parts = {
	session: benchSessionValidation,
	pages: benchPages,
	collab: benchCollab,
	presence: benchPresence,
	media: benchMedia,
	video: benchVideo,
	native: benchNative,
	statements: benchStatements,
	live: benchLiveQueries,
	capacity: benchCapacity,
	village: benchVillage
};
type Part = keyof typeof parts;

const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()) ?? null;
const unknown = only?.filter((name) => !(name in parts)) ?? [];
if (unknown.length) {
	console.error(`BENCH_ONLY: unknown ${unknown.join(', ')} (use ${Object.keys(parts).join(', ')})`);
	process.exit(2);
}
for (const [name, run] of Object.entries(parts) as Array<[Part, () => Promise<void>]>) {
	if (!only || only.includes(name)) await run();
}
