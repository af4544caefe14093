// `live` part: what the live paths cost in queries and time, in process over a temporary SQLite
// file (the work is the queries, not HTTP). notify() for a mention of ten people and for a
// stand-up's round starting in a company of 200 (SQL statements run and ms per call), and a
// company's board read right after a burst of room entries (20 people entering a meeting), for
// 200 members in 5 houses. Prints figures, asserts nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const MEMBERS = Number(process.env.BENCH_LIVE_MEMBERS ?? 200);
const HOUSES = 5;
const REPEATS = Number(process.env.BENCH_LIVE_REPEATS ?? 30);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export async function benchLiveQueries(): Promise<void> {
	process.env.DATABASE_URL ??= join(mkdtempSync(join(tmpdir(), 'hameau-bench-')), 'bench.db');
	const { getDb } = await import('../src/lib/server/db');
	const { newId } = await import('../src/lib/server/ids');
	const { notify } = await import('../src/lib/server/notifications/notifications');
	const { boardWithSeats, registerRoomLookup } = await import('../src/lib/server/presence/board');
	const { occupancyChanged } = await import('../src/lib/server/video/occupancy-changed');
	const sqlite = getDb().$client;

	// A company of MEMBERS in HOUSES houses: a quarter in do-not-disturb, a fifth with choices
	// saved, half reading French (what notify() reads per person).
	const companyId = newId();
	const people: string[] = [];
	const now = Date.now();
	sqlite.transaction(() => {
		sqlite
			.prepare('INSERT INTO companies (id, name, slug) VALUES (?, ?, ?)')
			.run(companyId, 'Bench', `bench-${companyId.slice(0, 8)}`);
		for (let h = 0; h < HOUSES; h += 1) {
			const houseId = newId();
			sqlite
				.prepare('INSERT INTO houses (id, name, commune, seats, time_zone) VALUES (?, ?, ?, ?, ?)')
				.run(houseId, `House ${h}`, 'Aurillac', 20, 'Europe/Paris');
			sqlite
				.prepare('INSERT INTO company_houses (company_id, house_id) VALUES (?, ?)')
				.run(companyId, houseId);
		}
		for (let i = 0; i < MEMBERS; i += 1) {
			const id = newId();
			people.push(id);
			sqlite
				.prepare(
					'INSERT INTO users (id, email, name, password_hash, locale) VALUES (?, ?, ?, ?, ?)'
				)
				.run(id, `p${i}-${id}@example.org`, `Person ${i}`, 'x', i % 2 ? 'fr' : 'en');
			sqlite
				.prepare("INSERT INTO memberships (company_id, user_id, role) VALUES (?, ?, 'member')")
				.run(companyId, id);
			if (i % 4 === 0) {
				sqlite
					.prepare(
						'INSERT INTO statuses (company_id, user_id, dnd_until, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)'
					)
					.run(companyId, id, now + 3600_000, now + 7200_000, now);
			}
			if (i % 5 === 0) {
				sqlite
					.prepare(
						"INSERT INTO notification_preferences (user_id, kind, channel, enabled) VALUES (?, 'standup_live', 'browser', 0)"
					)
					.run(id);
			}
		}
	})();

	// Every statement better-sqlite3 runs, prepared once or not.
	const statement = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<
		string,
		(...args: unknown[]) => unknown
	>;
	let statements = 0;
	for (const method of ['run', 'get', 'all', 'iterate']) {
		const original = statement[method];
		statement[method] = function (this: unknown, ...args: unknown[]) {
			statements += 1;
			return original.apply(this, args);
		};
	}
	const measure = (run: (i: number) => void) => {
		run(-1);
		const times: number[] = [];
		let counted = 0;
		for (let i = 0; i < REPEATS; i += 1) {
			const before = statements;
			const start = performance.now();
			run(i);
			times.push(performance.now() - start);
			counted += statements - before;
		}
		return { ms: median(times).toFixed(2), statements: (counted / REPEATS).toFixed(0) };
	};

	const mention = (key: string) => ({
		companyId,
		payload: { actor: 'Ana', title: 'Plan' },
		link: '/bench',
		dedupeKey: key
	});
	const round = (key: string) => ({ ...mention(key), payload: { standup: 'Daily' } });
	const rows: Record<string, { ms: string; statements: string }> = {
		'notify: a mention of 10 people': measure((i) =>
			notify(people.slice(0, 10), 'mention', mention(`mention:${i}`))
		),
		[`notify: a round starting, ${MEMBERS} people`]: measure((i) =>
			notify(people, 'standup_live', round(`round:${i}`))
		)
	};

	// A burst of room entries, then the board as the next request reads it.
	const rooms = new Map<string, { id: string; name: string; joinUrl: string }>();
	registerRoomLookup((id) => (id === companyId ? rooms : new Map()));
	const entering = people.slice(0, 20);
	rows['board after 20 people enter a room'] = measure((i) => {
		rooms.clear();
		for (const id of entering) {
			if (i % 2 === 0) rooms.set(id, { id: 'r', name: 'Café', joinUrl: '/bench/rooms/r' });
			occupancyChanged(companyId, [id]);
		}
		boardWithSeats(companyId);
	});
	rows['board, nothing changed'] = measure(() => boardWithSeats(companyId));

	console.log(
		`\nLive paths: ${MEMBERS} members × ${HOUSES} houses, median of ${REPEATS} (ms), statements per call`
	);
	console.table(rows);
}
