// A closed month is immutable in the database itself, not only in the code that closes it: the
// triggers of migration 0007 refuse any change to its totals, its statements, its costs and its
// funding, whatever writes them.
import { describe, expect, it } from 'vitest';
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
