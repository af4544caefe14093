// A closed month is immutable in the database itself, not only in the code that closes it: the
// triggers of migration 0007 refuse any change to its totals, its statements, its costs and its
// funding, whatever writes them.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsUpTo } from '../helpers/migrations';
import { useTempDatabase } from '../helpers/temp-db';

const { db } = useTempDatabase();

function seedClosedMonth() {
	const sqlite = db().$client;
	sqlite.exec(`
		INSERT INTO houses (id, name, commune, seats, time_zone) VALUES ('h1', 'Maison Murat', 'Murat', 8, 'Europe/Paris');
		INSERT INTO companies (id, name, slug) VALUES ('c1', 'Scop Volcans', 'scop-volcans');
		INSERT INTO house_cost_lines (id, house_id, month, category, amount_cents) VALUES ('k1', 'h1', '2026-10', 'rent', 90000);
		INSERT INTO house_cost_lines (id, house_id, month, category, amount_cents) VALUES ('k2', 'h1', '2026-11', 'rent', 90000);
		INSERT INTO house_funding (house_id, month, kind, amount_cents, updated_at) VALUES ('h1', '2026-10', 'amount', 10000, 0);
		INSERT INTO house_months (house_id, month, cost_cents, funding_cents, shared_cents, all_half_days, billed_cents, closed_at)
			VALUES ('h1', '2026-10', 90000, 10000, 80000, 4, 80000, 0);
		INSERT INTO house_statements (house_id, month, company_id, company_name, total_cents, half_days, lines, people)
			VALUES ('h1', '2026-10', 'c1', 'Scop Volcans', 80000, 4, '[]', '[]');
	`);
	return sqlite;
}

describe('a closed month', () => {
	it('refuses changes to its totals, statements, costs and funding; open months stay editable', () => {
		const sqlite = seedClosedMonth();
		const refused = [
			"UPDATE house_months SET billed_cents = 1 WHERE month = '2026-10'",
			"UPDATE house_months SET house_name = 'Renamed' WHERE month = '2026-10'",
			"UPDATE house_months SET operator_name = 'Renamed' WHERE month = '2026-10'",
			"DELETE FROM house_months WHERE month = '2026-10'",
			'UPDATE house_statements SET total_cents = 1',
			'DELETE FROM house_statements',
			"INSERT INTO house_cost_lines (id, house_id, month, category, amount_cents) VALUES ('k3', 'h1', '2026-10', 'energy', 100)",
			"UPDATE house_cost_lines SET amount_cents = 1 WHERE id = 'k1'",
			"UPDATE house_cost_lines SET month = '2026-10' WHERE id = 'k2'",
			"DELETE FROM house_cost_lines WHERE id = 'k1'",
			"INSERT OR REPLACE INTO house_funding (house_id, month, kind, amount_cents, updated_at) VALUES ('h1', '2026-10', 'amount', 1, 0)",
			'UPDATE house_funding SET amount_cents = 1',
			'DELETE FROM house_funding',
			"DELETE FROM houses WHERE id = 'h1'"
		];
		for (const statement of refused) {
			expect(() => sqlite.exec(statement), statement).toThrow();
		}
		expect(sqlite.prepare('SELECT billed_cents FROM house_months').get()).toEqual({
			billed_cents: 80000
		});
		expect(sqlite.prepare('SELECT count(*) AS n FROM house_cost_lines').get()).toEqual({ n: 2 });

		sqlite.exec("UPDATE house_cost_lines SET amount_cents = 95000 WHERE id = 'k2'");
		sqlite.exec(
			"INSERT INTO house_funding (house_id, month, kind, basis_points, updated_at) VALUES ('h1', '2026-11', 'percent', 2500, 0)"
		);
		sqlite.exec("DELETE FROM house_cost_lines WHERE id = 'k2'");
		expect(sqlite.prepare('SELECT count(*) AS n FROM house_cost_lines').get()).toEqual({ n: 1 });
	});
});

describe('the names a closed month keeps (migration 0020)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'hameau-month-names-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('gives the months closed before it the names of now, and stays immutable after', () => {
		const sqlite = new Database(join(dir, 'old.db'));
		sqlite.pragma('foreign_keys = ON');
		const old = drizzle(sqlite);
		migrate(old, { migrationsFolder: migrationsUpTo(dir, '0019_cost_line_request_ids') });
		sqlite.exec(`
			INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'u1@x', 'Odile', '!');
			INSERT INTO operators (id, name, slug) VALUES ('o1', 'Commune de Murat', 'murat');
			INSERT INTO houses (id, name, commune, seats, time_zone, operator_id)
				VALUES ('h1', 'Maison Murat', 'Murat', 8, 'Europe/Paris', 'o1'),
				       ('h2', 'Maison seule', 'Allanche', 4, 'Europe/Paris', NULL);
			INSERT INTO house_months (house_id, month, cost_cents, funding_cents, shared_cents, all_half_days, billed_cents, closed_by, closed_at)
				VALUES ('h1', '2026-10', 90000, 0, 90000, 4, 90000, 'u1', 0),
				       ('h2', '2026-10', 0, 0, 0, 0, 0, NULL, 0);
		`);
		migrate(old, { migrationsFolder: resolve('drizzle') });
		expect(
			sqlite
				.prepare('SELECT house_id, house_name, operator_name FROM house_months ORDER BY house_id')
				.all()
		).toEqual([
			{ house_id: 'h1', house_name: 'Maison Murat', operator_name: 'Commune de Murat' },
			{ house_id: 'h2', house_name: 'Maison seule', operator_name: '' }
		]);
		expect(() => sqlite.exec("UPDATE house_months SET house_name = 'Autre'")).toThrow(
			'a closed month cannot be changed'
		);
		// Its closer may still delete their account: the one change the trigger lets through.
		sqlite.exec("DELETE FROM users WHERE id = 'u1'");
		expect(
			sqlite.prepare("SELECT closed_by FROM house_months WHERE house_id = 'h1'").get()
		).toEqual({
			closed_by: null
		});
		sqlite.close();
	});
});
