// What the editor asks when its socket cannot get back in. The collaboration server refuses an
// upgrade with a plain HTTP status (decided before upgrading), which a browser's WebSocket never
// shows: to the editor it is a dropped connection, retried for ever under "Offline". A laptop
// woken after its person was removed, signed out or the document deleted kept saying "Offline"
// while nothing it typed could ever be saved. This says which: 204 still allowed, 401 signed
// out, 404 no longer theirs (a deleted document and one of a company they left look the same,
// as everywhere else).
import { requireDocument } from '../require-document.server';
import type { RequestHandler } from './$types';

const headers = { 'cache-control': 'private, no-store' };

export const GET: RequestHandler = (event) => {
	if (!event.locals.user) return new Response(null, { status: 401, headers });
	requireDocument(event);
	return new Response(null, { status: 204, headers });
};
