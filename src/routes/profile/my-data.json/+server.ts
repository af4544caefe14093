// "Download my data": the signed-in person's data as a JSON file (src/lib/server/account/export.ts).
import { error } from '@sveltejs/kit';
import { accountExport } from '$lib/server/account/export';
import { requireUser } from '$lib/server/auth/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	const now = new Date();
	const data = accountExport(user.id, now);
	if (!data) error(404, 'Not Found');
	const day = now.toISOString().slice(0, 10);
	return new Response(JSON.stringify(data, null, '\t'), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="hameau-${day}.json"`,
			// One person's data: no shared cache keeps it, and the browser keeps no copy either.
			'Cache-Control': 'private, no-store'
		}
	});
};
