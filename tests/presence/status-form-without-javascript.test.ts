// The board's status form is folded in a <details>. Without JavaScript, a refused status comes
// back as the page itself: the form must be open there, showing why, with what was typed. Since
// the form's `open` stopped being written by a template effect (foldedForm), the server's first
// render is the only one such a person gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../helpers/client';
import { signUp, type Person } from '../helpers/people';
import { openServerDb, type ServerDb } from '../helpers/read-db';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let db: ServerDb;
let owner: Person;
let slug: string;

beforeAll(async () => {
	server = await startServer();
	db = openServerDb(server.dbPath);
	owner = await signUp(server.url, db, 'Odile');
	slug = await owner.client.createCompany('Coopérative de Salers');
});

afterAll(async () => {
	db?.$client.close();
	await server?.stop();
});

/** The status form's <details> opening tag in a board page. */
function statusDetails(html: string): string {
	const summary = html.indexOf('My status');
	const start = html.lastIndexOf('<details', summary);
	expect(summary, 'the board shows the status form').toBeGreaterThan(-1);
	return html.slice(start, html.indexOf('>', start) + 1);
}

describe('the status form without JavaScript', () => {
	it('is folded on the board, and open with the reason and the text when refused', async () => {
		const board = await owner.client.request(`/${slug}`);
		expect(board.status).toBe(200);
		expect(statusDetails(await board.text())).not.toMatch(/\sopen[\s>=]/);

		const refused = await owner.client.postForm(`/${slug}?/setStatus`, {
			emoji: '',
			text: 'Chez le fromager',
			dnd: 'on',
			dndUntil: ''
		});
		expect(refused.status, await explain(refused.clone())).toBe(400);
		const html = await refused.text();
		expect(statusDetails(html)).toMatch(/\sopen[\s>=]/);
		expect(html).toContain('Say until when.');
		expect(html).toContain('value="Chez le fromager"');
	});

	it('shows a refused emoji and a quiet time already past together', async () => {
		// Midnight this morning has passed in every time zone, whichever is the person's.
		const refused = await owner.client.postForm(`/${slug}?/setStatus`, {
			emoji: '🙂🙂',
			text: 'Au marché',
			dnd: 'on',
			dndUntil: '00:00'
		});
		expect(refused.status, await explain(refused.clone())).toBe(400);
		const html = await refused.text();
		expect(html).toContain('One emoji only.');
		expect(html).toContain('Choose a time later today.');
	});
});
