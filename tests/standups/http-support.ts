// Stand-ups set up over real HTTP, through the set-up form's own action, for the tests that read
// a stand-up's page as a browser receives it.
import { expect } from 'vitest';
import { explain, type HttpClient } from '../helpers/client';

/** "HH:MM" on the UTC clock, `minutes` from now. */
export function utcTime(minutes = 0): string {
	const at = new Date(Date.now() + minutes * 60_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

export type StandupFields = {
	name: string;
	/** "HH:MM" UTC; held every day. */
	time: string;
	questions?: string[];
	/** Everyone, unless only these people take part. */
	userIds?: string[];
};

/** Sets up a stand-up held every day at `time` UTC as `client` (a manager); returns its path. */
export async function createDailyStandup(
	client: HttpClient,
	slug: string,
	{ name, time, questions = ['Qu’avez-vous fait hier ?'], userIds }: StandupFields
): Promise<string> {
	const body = new URLSearchParams([
		['name', name],
		...(userIds
			? [['audience', 'people'], ...userIds.map((id) => ['userId', id])]
			: [['audience', 'everyone']]),
		...['1', '2', '3', '4', '5', '6', '7'].map((day) => ['day', day]),
		['time', time],
		['timeZone', 'UTC'],
		...questions.map((question) => ['question', question]),
		['speakerSeconds', '90'],
		['runners', 'managers'],
		['opensHours', '6']
	]);
	const created = await client.request(`/${slug}/standups/new`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: client.baseUrl },
		body: body.toString()
	});
	expect(created.status, await explain(created)).toBe(303);
	return created.headers.get('location')!;
}
