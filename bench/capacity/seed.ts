// The region the `capacity` part drives, written straight into the server's SQLite file between
// steps: companies, houses, documents and stand-ups through the app's own domain functions (so
// every row is one the app could write), people, memberships and sessions through plain prepared
// statements (argon2 would take 50 ms a person, and nobody here logs in with a password).
// Runs in the bench process: DATABASE_URL must name the server's file before this is imported.
import {
	SESSION_COOKIE,
	createSession,
	generateSessionToken
} from '../../src/lib/server/auth/session';
import { createCompany } from '../../src/lib/server/companies/companies';
import { getDb } from '../../src/lib/server/db';
import { createDocument } from '../../src/lib/server/documents/documents';
import { createHouse } from '../../src/lib/server/houses/houses';
import { newId } from '../../src/lib/server/ids';
import { ensureStandupRoom } from '../../src/lib/server/standups/room';
import { createStandup, currentRun } from '../../src/lib/server/standups/standups';

export type PersonSeed = { userId: string; cookie: string };

export type StandupSeed = { id: string; runId: string; questionIds: string[] };

export type CompanySeed = {
	id: string;
	slug: string;
	/** The owner first: the stand-ups' runner. */
	people: PersonSeed[];
	houseIds: string[];
	documentIds: string[];
	/** This step's stand-up, when the company holds one (see seedStandups). */
	standup: StandupSeed | null;
};

export type RegionShape = { people: number; houses: number; documents: number };

const QUESTIONS = [
	'What did you do yesterday?',
	'What will you do today?',
	'Anything in your way?'
];

/** Adds companies numbered `from` to `from + count - 1`, each of `shape`. */
export function seedCompanies(from: number, count: number, shape: RegionShape): CompanySeed[] {
	const db = getDb();
	const sqlite = db.$client;
	const insertUser = sqlite.prepare(
		"INSERT INTO users (id, email, name, password_hash, locale) VALUES (?, ?, ?, 'bench: no password', ?)"
	);
	const insertMember = sqlite.prepare(
		"INSERT INTO memberships (company_id, user_id, role, home_house_id) VALUES (?, ?, 'member', ?)"
	);
	const setHome = sqlite.prepare(
		'UPDATE memberships SET home_house_id = ? WHERE company_id = ? AND user_id = ?'
	);
	const seeds: CompanySeed[] = [];
	for (let c = from; c < from + count; c += 1) {
		const ownerId = newId();
		insertUser.run(ownerId, `owner-${c}@capacity.bench`, `Owner ${c}`, c % 2 ? 'fr' : 'en');
		const owner = { userId: ownerId, role: 'owner' as const };
		const company = createCompany(ownerId, `Capacity ${c}`);
		const houseIds = Array.from({ length: shape.houses }, (_, h) => {
			const house = createHouse(company.id, owner, {
				name: `Maison ${c}-${h + 1}`,
				commune: 'Murat',
				address: '',
				seats: Math.ceil(shape.people / shape.houses) + 2,
				timeZone: 'Europe/Paris',
				monthlyCostCents: 90_000,
				uplinkKbps: null,
				downlinkKbps: null
			});
			if (!house) throw new Error('the owner could not create a house');
			return house.id;
		});
		const documentIds = Array.from(
			{ length: shape.documents },
			(_, d) =>
				createDocument(company.id, owner, { title: `Notes ${c}-${d + 1}`, kind: 'blank' }).id
		);
		const people: PersonSeed[] = [];
		sqlite.transaction(() => {
			setHome.run(houseIds[0], company.id, ownerId);
			for (let p = 0; p < shape.people; p += 1) {
				const userId = p === 0 ? ownerId : newId();
				if (p > 0) {
					insertUser.run(
						userId,
						`p${p}-c${c}@capacity.bench`,
						`Person ${c}.${p}`,
						p % 2 ? 'fr' : 'en'
					);
					insertMember.run(company.id, userId, houseIds[p % houseIds.length]);
				}
				const token = generateSessionToken();
				createSession(token, userId, { userAgent: 'capacity bench', ipAddress: '127.0.0.1' });
				people.push({ userId, cookie: `${SESSION_COOKIE}=${token}` });
			}
		})();
		seeds.push({
			id: company.id,
			slug: company.slug,
			people,
			houseIds,
			documentIds,
			standup: null
		});
	}
	return seeds;
}

/**
 * The zone and wall-clock time of a stand-up at 09:xx, `leadMinutes` from now: a fixed-offset
 * zone where it is nine o'clock then, so every step's stand-ups are morning ones on the real clock.
 */
export function morningSlot(now: number, leadMinutes = 30): { timeZone: string; time: string } {
	const at = new Date(now + leadMinutes * 60_000);
	let offset = (9 - at.getUTCHours() + 24) % 24;
	if (offset > 14) offset -= 24;
	// Etc/GMT names count the other way round: Etc/GMT-3 is three hours ahead of UTC.
	const timeZone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
	return { timeZone, time: `09:${String(at.getUTCMinutes()).padStart(2, '0')}` };
}

/**
 * A fresh stand-up for each of `companies` (a stand-up round runs once, so every step gets its
 * own), everyone taking part, its run of today open for answers.
 */
export function seedStandups(companies: CompanySeed[], now = Date.now()): void {
	const slot = morningSlot(now);
	for (const company of companies) {
		const result = createStandup(
			company.id,
			{ userId: company.people[0].userId, role: 'owner' },
			{
				name: `Stand-up ${new Date(now).toISOString().slice(11, 19)}`,
				audience: 'everyone',
				houseIds: [],
				userIds: [],
				days: [1, 2, 3, 4, 5, 6, 7],
				time: slot.time,
				timeZone: slot.timeZone,
				questions: QUESTIONS,
				speakerSeconds: 60,
				runners: 'managers',
				opensMinutesBefore: 60
			}
		);
		if (!result.ok) throw new Error(`stand-up not created: ${result.reason}`);
		ensureStandupRoom(result.standup);
		const run = currentRun(result.standup, now);
		if (!run) throw new Error(`no run due for a stand-up at ${slot.time} ${slot.timeZone}`);
		const questionIds = getDb()
			.$client.prepare('SELECT id FROM standup_questions WHERE standup_id = ? ORDER BY position')
			.all(result.standup.id)
			.map((row) => (row as { id: string }).id);
		company.standup = { id: result.standup.id, runId: run.id, questionIds };
	}
}
