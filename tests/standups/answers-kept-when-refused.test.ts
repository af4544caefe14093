// Without scripts, a refused answer (longer than the limit) came back as the page drawn anew, which
// fills the answer boxes from the saved draft: the answer just written was gone. The refusal now
// brings the answers back as typed, beside the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';
import { signUpTeam, type HttpTeam } from '../helpers/people';
import { createDailyStandup, utcTime } from './http-support';

let server: RunningServer;
let db: ServerDb;
let team: HttpTeam;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	team = await signUpTeam(server.url, db, { owner: 'Odile', company: 'Scop du Lioran' });
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

describe('an answer refused for its length', () => {
	it('comes back as typed, with the message beside it, and the saved draft unchanged', async () => {
		const client = team.owner.client;
		const path = await createDailyStandup(client, team.slug, {
			name: 'Point du Lioran',
			time: utcTime(60),
			questions: ['Qu’avez-vous fait hier ?', 'Que ferez-vous aujourd’hui ?']
		});
		const page = await (await client.get(path)).text();
		const runId = /name="runId" value="([^"]+)"/.exec(page)![1];
		const [yesterday, today] = [...page.matchAll(/name="answer-([^"]+)"/g)].map(
			(match) => match[1]
		);

		const draft = await client.postForm(`${path}?/answer`, {
			runId,
			intent: 'draft',
			[`answer-${yesterday}`]: 'Le devis de la scierie',
			[`answer-${today}`]: ''
		});
		expect(draft.status, await explain(draft)).toBe(200);

		const long = `Le planning des maisons. ${'Détail. '.repeat(600)}`;
		const refused = await client.postForm(`${path}?/answer`, {
			runId,
			intent: 'draft',
			[`answer-${yesterday}`]: 'Le devis de la scierie, envoyé',
			[`answer-${today}`]: long
		});
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('4,000');
		expect(html).toContain('Le devis de la scierie, envoyé</textarea>');
		expect(html).toContain(`${long}</textarea>`);

		// The draft saved before is what the page shows when drawn again.
		const again = await (await client.get(path)).text();
		expect(again).toContain('Le devis de la scierie</textarea>');
	});
});
