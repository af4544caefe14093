// A knock's notification: the knocked person's centre keeps it (it is how a knock waits while
// they asked not to be disturbed), and answering the knock marks it read.
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db';
import { notifications } from '../db/schema';
import { companySlug, notify } from './notifications';

const dedupeKey = (knockId: string) => `knock:${knockId}`;

/** The knocked person's notification, once per knock; its link is the knock's own page. */
export function notifyKnock(knock: {
	id: string;
	companyId: string;
	fromUserId: string;
	toUserId: string;
}): string[] {
	return notify([knock.toUserId], 'knock', {
		companyId: knock.companyId,
		actorId: knock.fromUserId,
		payload: {},
		link: `/${companySlug(knock.companyId)}/knocks/${knock.id}`,
		dedupeKey: dedupeKey(knock.id)
	});
}

/** The knocked person answered (from the prompt or the centre): the notification is read. */
export function knockNotificationAnswered(userId: string, knockId: string, now = Date.now()): void {
	getDb()
		.update(notifications)
		.set({ readAt: new Date(now) })
		.where(
			and(
				eq(notifications.userId, userId),
				eq(notifications.dedupeKey, dedupeKey(knockId)),
				isNull(notifications.readAt)
			)
		)
		.run();
}
