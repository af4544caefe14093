// The stand-up page carries its room's chat while the round is live, for the call it opens. The
// room is open to the stand-up's participants and managers only (room-access.ts): the chat on the
// page follows the same rule, as the room's own page and chat endpoint do (they answer 404).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { signUpTeam, type HttpTeam } from '../helpers/people';
import { createDailyStandup, utcTime } from './http-support';
import { standups } from '../../src/lib/server/db/schema';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, {
		owner: 'Odile',
		company: 'Coopérative de la Margeride',
		members: ['Ana', 'Bruno']
	});
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('a live stand-up’s page', () => {
	it('shows the room’s chat to its participants and managers, not to a member left out', async () => {
		const [ana, bruno] = team.members;
		const owner = team.owner;
		// Every day, now, for Ana alone: Bruno is a member of the company but not of this stand-up.
		const path = await createDailyStandup(owner.client, team.slug, {
			name: 'Point de l’équipe Ana',
			time: utcTime(),
			userIds: [ana.id]
		});
		const standupId = path.split('/').pop()!;
		const roomId = db.select().from(standups).where(eq(standups.id, standupId)).get()!.roomId!;

		const before = await (await owner.client.get(path)).text();
		const runId = /name="runId" value="([^"]+)"/.exec(before)?.[1];
		expect(runId, before.slice(0, 500)).toBeDefined();
		const started = await owner.client.postForm(`${path}?/round`, {
			runId: runId!,
			command: 'start'
		});
		expect(started.status, await explain(started)).toBeLessThan(400);

		const said = await owner.client.request(`/${team.slug}/rooms/${roomId}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: owner.client.baseUrl },
			body: JSON.stringify({ id: 'chat-message-0001', body: 'Le devis Margeride est signé' })
		});
		expect(said.status, await explain(said)).toBe(201);

		const forAna = await ana.client.get(path);
		expect(forAna.status).toBe(200);
		expect(await forAna.text()).toContain('Le devis Margeride est signé');
		const forOwner = await owner.client.get(path);
		expect(await forOwner.text()).toContain('Le devis Margeride est signé');

		// Bruno may read the stand-up's page (its answers are the company's), not its room.
		const forBruno = await bruno.client.get(path);
		expect(forBruno.status).toBe(200);
		const brunoPage = await forBruno.text();
		expect(brunoPage).toContain('Point de l’équipe Ana');
		expect(brunoPage).not.toContain('Le devis Margeride est signé');
		expect((await bruno.client.get(`/${team.slug}/rooms/${roomId}`)).status).toBe(404);
	});
});
