import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import { listNotifications, markAllRead, markRead } from '$lib/server/notifications/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { notifications: listNotifications(user.id, getLocale()) };
};

const readSchema = v.object({ id: v.pipe(v.string(), v.nonEmpty()) });

export const actions: Actions = {
	read: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(readSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		// Someone else's id changes nothing: the update is limited to the reader's rows.
		markRead(user.id, parsed.data.id);
		return { success: true };
	},
	readAll: (event) => {
		const user = requireUser(event);
		markAllRead(user.id);
		return { success: true };
	}
};
