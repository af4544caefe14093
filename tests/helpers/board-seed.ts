// A company's board filled straight into a server's database file, as a busy day shows it: for
// the pages bench (boards of 50 and 500) and the bounded board's tests. Straight SQL: signing up
// hundreds of people through the app would hash their passwords for nothing measured or tested.
import Database from 'better-sqlite3';
import { newId } from '../../src/lib/server/ids';
import { todayIn } from '../../src/lib/zoned-time';

/**
 * Fills a company's board as a busy day shows it: `houses` houses (the last one in another time
 * zone), `members` people in all (the owner included) each with a home house, four in five
 * checked in at a house today, one in three with a status. Straight SQL: signing up 500 people
 * through the app would hash 500 passwords for nothing the bench measures.
 */
export function seedBoard(
	dbPath: string,
	slug: string,
	members: number,
	houses: number
): { houseIds: string[] } {
	const db = new Database(dbPath);
	db.pragma('busy_timeout = 5000');
	const companyId = (
		db.prepare('SELECT id FROM companies WHERE slug = ?').get(slug) as { id: string }
	).id;
	const now = Date.now();
	const insert = {
		house: db.prepare(
			'INSERT INTO houses (id, name, commune, seats, time_zone) VALUES (?, ?, ?, ?, ?)'
		),
		link: db.prepare('INSERT INTO company_houses (company_id, house_id) VALUES (?, ?)'),
		user: db.prepare('INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, ?)'),
		member: db.prepare(
			"INSERT INTO memberships (company_id, user_id, role, home_house_id) VALUES (?, ?, 'member', ?)"
		),
		checkIn: db.prepare(
			"INSERT INTO day_plans (company_id, user_id, date, half, kind, house_id, checked_in_at, check_in_method, updated_at) VALUES (?, ?, ?, 'day', 'house', ?, ?, 'click', ?)"
		),
		status: db.prepare(
			'INSERT INTO statuses (company_id, user_id, text, emoji, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'
		)
	};
	const houseIds: string[] = [];
	db.transaction(() => {
		const zones: string[] = [];
		for (let h = 1; h <= houses; h += 1) {
			const id = newId();
			const zone = h === houses ? 'America/Toronto' : 'Europe/Paris';
			insert.house.run(id, `Maison ${String(h).padStart(2, '0')}`, 'Murat', 24, zone);
			insert.link.run(companyId, id);
			houseIds.push(id);
			zones.push(zone);
		}
		for (let i = 1; i < members; i += 1) {
			const userId = newId();
			const house = i % houses;
			insert.user.run(userId, `${userId}@${slug}.bench`, `Person ${i}`, 'x');
			insert.member.run(companyId, userId, houseIds[house]);
			if (i % 5 !== 4) {
				const date = todayIn(zones[house], now);
				insert.checkIn.run(companyId, userId, date, houseIds[house], now, now);
			}
			if (i % 3 === 0)
				insert.status.run(companyId, userId, `On task ${i}`, '🌿', now + 6 * 3600_000, now);
		}
	})();
	db.close();
	return { houseIds };
}
