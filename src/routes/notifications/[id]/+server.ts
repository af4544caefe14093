import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { openNotification } from '$lib/server/notifications/notifications';
import type { RequestHandler } from './$types';

// Following a notification: marks it read and goes to its place. Someone else's id is a 404.
export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	const link = openNotification(user.id, event.params.id);
	if (!link) error(404, 'Not Found');
	redirect(303, link);
};
