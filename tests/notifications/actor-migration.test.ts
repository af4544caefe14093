// Migration 0017 gives the notifications written before it their actor (who did it), so their
// text reads the name from the account and a deleted account's name leaves with it. It finds the
// actor where a record says exactly who (a knock, a meeting room's creator), else by the one
// member of the company with the quoted name; it drops the quoted name where the actor is found
// or known to be deleted, and keeps it (nothing lost) where it cannot tell.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsUpTo } from '../helpers/migrations';

const dir = mkdtempSync(join(tmpdir(), 'hameau-actors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the migration giving notifications their actor', () => {
	it('finds who did it where it can tell, drops the copied name there, and keeps it elsewhere', () => {
		const sqlite = new Database(join(dir, 'old.db'));
		sqlite.pragma('foreign_keys = ON');
		const db = drizzle(sqlite);
		migrate(db, { migrationsFolder: migrationsUpTo(dir, '0016_closed_months_forget_people') });
		sqlite.exec(`
			insert into users (id, email, name, password_hash) values
				('ana', 'ana@x', 'Ana', '!'), ('leo', 'leo@x', 'Léo', '!'),
				('leo2', 'leo2@x', 'Léo', '!'), ('zoe', 'zoe@x', 'Zoé', '!');
			insert into companies (id, name, slug) values ('c', 'Atelier', 'atelier');
			insert into memberships (company_id, user_id, role) values
				('c', 'ana', 'owner'), ('c', 'leo', 'member'), ('c', 'leo2', 'member'), ('c', 'zoe', 'member');
			insert into knocks (id, company_id, from_user_id, to_user_id) values ('k1', 'c', 'ana', 'zoe');
			insert into rooms (id, company_id, kind, name, livekit_name, created_by) values
				('r1', 'c', 'meeting', 'Budget', 'lk-r1', 'leo'),
				('r2', 'c', 'meeting', 'Atelier', 'lk-r2', null);
			insert into audit_events (company_id, action, subject) values
				('c', 'member.account_deleted', 'Gaspard');
			insert into notifications (id, user_id, company_id, kind, payload, link, dedupe_key) values
				('knock', 'zoe', 'c', 'knock', '{"actor":"Ana"}', '/', 'knock:k1'),
				('knock-gone', 'zoe', 'c', 'knock', '{"actor":"Gaspard"}', '/', 'knock:k-gone'),
				('invite', 'zoe', 'c', 'room_invite', '{"actor":"Léo","room":"Budget"}', '/', 'room_invite:r1'),
				('invite-gone', 'zoe', 'c', 'room_invite', '{"actor":"Gaspard","room":"Atelier"}', '/', 'room_invite:r2'),
				('mention', 'zoe', 'c', 'mention', '{"actor":"Ana","title":"Plan"}', '/', 'mention:d:1'),
				('namesakes', 'zoe', 'c', 'mention', '{"actor":"Léo","title":"Plan"}', '/', 'mention:d:2'),
				('left', 'zoe', 'c', 'task_assigned', '{"actor":"Hugo","title":"Plan","task":"Relire"}', '/', 'mention:d:3'),
				('deleted', 'zoe', 'c', 'mention', '{"actor":"Gaspard","title":"Plan"}', '/', 'mention:d:4'),
				('joined', 'zoe', 'c', 'house_room_joined', '{"name":"Ana","room":"Murat"}', '/', 'house_room_joined:e1'),
				('standup', 'zoe', 'c', 'standup_open', '{"standup":"Daily"}', '/', 'standup_open:s:1');
		`);

		migrate(db, { migrationsFolder: resolve('drizzle') });
		const rows = Object.fromEntries(
			(
				sqlite.prepare('select id, actor_id, payload from notifications').all() as Array<{
					id: string;
					actor_id: string | null;
					payload: string;
				}>
			).map((row) => [row.id, { actor: row.actor_id, payload: JSON.parse(row.payload) }])
		);
		expect(rows).toEqual({
			knock: { actor: 'ana', payload: {} },
			'knock-gone': { actor: null, payload: {} },
			// The room's creator, though two members are called Léo.
			invite: { actor: 'leo', payload: { room: 'Budget' } },
			'invite-gone': { actor: null, payload: { room: 'Atelier' } },
			mention: { actor: 'ana', payload: { title: 'Plan' } },
			namesakes: { actor: null, payload: { actor: 'Léo', title: 'Plan' } },
			left: { actor: null, payload: { actor: 'Hugo', title: 'Plan', task: 'Relire' } },
			deleted: { actor: null, payload: { title: 'Plan' } },
			joined: { actor: 'ana', payload: { room: 'Murat' } },
			standup: { actor: null, payload: { standup: 'Daily' } }
		});

		// The reference lets the account go, and forgets it (ON DELETE SET NULL, as the schema says).
		sqlite.prepare("delete from users where id = 'ana'").run();
		const after = sqlite
			.prepare(
				"select id, actor_id from notifications where id in ('mention', 'joined') order by id"
			)
			.all();
		sqlite.close();
		expect(after).toEqual([
			{ id: 'joined', actor_id: null },
			{ id: 'mention', actor_id: null }
		]);
	});
});
