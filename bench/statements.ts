// Closing a month and the network's month at scale: a house with 20 companies × 50 people, each
// checked in every working day of the month, closed in one transaction; and the operator's
// network summary over 30 such houses, open (aggregated from the check-ins) and closed (read from
// the closed months). Time and memory per step; prints figures, asserts nothing.
// Runs on the domain modules over a temporary SQLite file (no server: the work is the queries
// and the arithmetic, not HTTP).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const HOUSES = Number(process.env.BENCH_STATEMENT_HOUSES ?? 30);
const COMPANIES = 20;
const PEOPLE = 50;
const MONTH = '2026-10';
/** Early November in every house's zone: October has ended. */
const NOW = Date.parse('2026-11-03T12:00:00Z');

function mib(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Runs `fn`, returning its result with wall time and the heap it grew by (after a GC if exposed). */
function measure<T>(fn: () => T): { result: T; ms: number; heap: number; rss: number } {
	globalThis.gc?.();
	const before = process.memoryUsage();
	const start = performance.now();
	const result = fn();
	const ms = performance.now() - start;
	const after = process.memoryUsage();
	return { result, ms, heap: after.heapUsed - before.heapUsed, rss: after.rss };
}

export async function benchStatements(): Promise<void> {
	process.env.DATABASE_URL ??= join(mkdtempSync(join(tmpdir(), 'hameau-bench-')), 'bench.db');
	const { getDb } = await import('../src/lib/server/db');
	const { newId } = await import('../src/lib/server/ids');
	const { closeMonth } = await import('../src/lib/server/billing/closing');
	const { networkMonthSummary } = await import('../src/lib/server/billing/statements');
	const { datesOfMonth, isoWeekday } = await import('../src/lib/zoned-time');
	const sqlite = getDb().$client;

	const seed = measure(() => {
		const operatorId = newId();
		const officerId = newId();
		const workingDays = datesOfMonth(MONTH).filter((date) => isoWeekday(date) <= 5);
		const insert = {
			user: sqlite.prepare(
				'INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, ?)'
			),
			company: sqlite.prepare('INSERT INTO companies (id, name, slug) VALUES (?, ?, ?)'),
			member: sqlite.prepare(
				"INSERT INTO memberships (company_id, user_id, role) VALUES (?, ?, 'member')"
			),
			house: sqlite.prepare(
				'INSERT INTO houses (id, name, commune, seats, time_zone, operator_id) VALUES (?, ?, ?, ?, ?, ?)'
			),
			agreement: sqlite.prepare(
				'INSERT INTO agreements (id, operator_id, house_id, company_id, start_date) VALUES (?, ?, ?, ?, ?)'
			),
			terms: sqlite.prepare(
				"INSERT INTO agreement_terms (id, agreement_id, valid_from, model, empty_month_rule) VALUES (?, ?, ?, 'cost_share', 'split_equally')"
			),
			checkIn: sqlite.prepare(
				"INSERT INTO day_plans (company_id, user_id, date, half, kind, house_id, checked_in_at, check_in_method, updated_at) VALUES (?, ?, ?, 'day', 'house', ?, ?, 'qr', ?)"
			),
			cost: sqlite.prepare(
				"INSERT INTO house_cost_lines (id, house_id, month, category, amount_cents) VALUES (?, ?, ?, 'rent', ?)"
			)
		};
		const houseIds: string[] = [];
		sqlite.transaction(() => {
			insert.user.run(officerId, `officer-${officerId}@bench.example`, 'Officer', 'x');
			sqlite
				.prepare('INSERT INTO operators (id, name, slug) VALUES (?, ?, ?)')
				.run(operatorId, 'Bench network', `bench-${operatorId}`);
			for (let h = 0; h < HOUSES; h += 1) {
				const houseId = newId();
				houseIds.push(houseId);
				insert.house.run(houseId, `Maison ${h}`, 'Murat', 60, 'Europe/Paris', operatorId);
				insert.cost.run(newId(), houseId, MONTH, 250_000 + h);
				for (let c = 0; c < COMPANIES; c += 1) {
					const companyId = newId();
					insert.company.run(companyId, `Company ${h}-${c}`, `bench-${companyId}`);
					const agreementId = newId();
					// From the month closed: months close in order, and this one is the house's first.
					insert.agreement.run(agreementId, operatorId, houseId, companyId, `${MONTH}-01`);
					insert.terms.run(newId(), agreementId, `${MONTH}-01`);
					for (let p = 0; p < PEOPLE; p += 1) {
						const userId = newId();
						insert.user.run(userId, `${userId}@bench.example`, `Person ${h}-${c}-${p}`, 'x');
						insert.member.run(companyId, userId);
						for (const date of workingDays) {
							const at = Date.parse(`${date}T08:00:00Z`);
							insert.checkIn.run(companyId, userId, date, houseId, at, at);
						}
					}
				}
			}
		})();
		return {
			operatorId,
			officerId,
			houseIds,
			checkIns: HOUSES * COMPANIES * PEOPLE * workingDays.length
		};
	});
	const { operatorId, officerId, houseIds, checkIns } = seed.result;
	console.log(
		`statements: seeded ${HOUSES} houses × ${COMPANIES} companies × ${PEOPLE} people, ${checkIns} check-ins in ${(seed.ms / 1000).toFixed(1)} s`
	);

	const open = measure(() => networkMonthSummary(operatorId, MONTH));
	console.log(
		`statements: network summary, ${HOUSES} houses open: ${open.ms.toFixed(0)} ms, heap +${mib(open.heap)}, rss ${mib(open.rss)}`
	);

	const houseRow = (id: string) =>
		getDb()
			.query.houses.findFirst({ where: (h, { eq }) => eq(h.id, id) })
			.sync()!;
	const actor = { operatorId, userId: officerId };
	const first = measure(() => closeMonth(actor, houseRow(houseIds[0]), MONTH, NOW));
	if (!first.result.ok) throw new Error(`closing refused: ${first.result.reason}`);
	console.log(
		`statements: close one house (${COMPANIES * PEOPLE} people, ${checkIns / HOUSES} check-ins): ${first.ms.toFixed(0)} ms, heap +${mib(first.heap)}, rss ${mib(first.rss)}`
	);
	const times: number[] = [];
	for (const id of houseIds.slice(1)) {
		const { ms, result } = measure(() => closeMonth(actor, houseRow(id), MONTH, NOW));
		if (!result.ok) throw new Error(`closing refused: ${result.reason}`);
		times.push(ms);
	}
	times.sort((a, b) => a - b);
	if (times.length > 0) {
		console.log(
			`statements: close each other house: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`
		);
	}

	const closed = measure(() => networkMonthSummary(operatorId, MONTH));
	console.log(
		`statements: network summary, ${HOUSES} houses closed: ${closed.ms.toFixed(1)} ms, heap +${mib(closed.heap)}, rss ${mib(closed.rss)}`
	);
}
