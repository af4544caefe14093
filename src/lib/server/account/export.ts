// "Download my data" (the GDPR's right of access): what Hameau holds about one person, as JSON.
// Only the person's own rows, and of the rows that mention them only what they wrote or did.
// Never a secret (password hash, session or feed token hashes, push keys), and never another
// person: a knock (nor its call's room) names no one, a blocker is one the person raised, an
// audit entry about someone else keeps its action but not its subject.
import { asc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { compareNames } from '../../name-order';
import { getDb } from '../db';
import {
	auditEvents,
	blockers,
	calendarFeeds,
	companies,
	dayPlans,
	documents,
	houses,
	knocks,
	memberships,
	notificationPreferences,
	notifications,
	operatorAuditEvents,
	operatorMembers,
	operators,
	passwordResets,
	planPatterns,
	pushSubscriptions,
	roomChatMessages,
	rooms,
	sessions,
	standupAnswers,
	standupAttendance,
	standupRuns,
	standups,
	statuses,
	users
} from '../db/schema';

/** Bump when the shape changes, so a reader of an old file knows which one it holds. */
export const EXPORT_FORMAT = 1;

/** Audit actions whose subject is another person (or their email): the subject stays out. */
const subjectIsSomeoneElse = new Set([
	'member.role_changed',
	'member.removed',
	'member.reset_link_created',
	'invitation.created',
	'invitation.revoked'
]);

/** Where a push service delivers: its origin says which (Google, Mozilla…); the path is a key. */
function endpointOrigin(endpoint: string): string {
	try {
		return new URL(endpoint).origin;
	} catch {
		// A malformed endpoint was stored as the browser gave it; its origin is all that is owed.
		return '';
	}
}

/** Everything Hameau holds about the person, or null when there is no such account. */
export function accountExport(userId: string, now = new Date()) {
	const db = getDb();
	const account = db
		.select({
			name: users.name,
			email: users.email,
			language: users.locale,
			timeZone: users.timeZone,
			theme: users.theme,
			listedInHouseDirectories: users.houseDirectory,
			createdAt: users.createdAt
		})
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!account) return null;

	const homeHouse = alias(houses, 'home_house');

	return {
		format: EXPORT_FORMAT,
		exportedAt: now,
		account,
		sessions: db
			.select({
				createdAt: sessions.createdAt,
				lastSeenAt: sessions.lastSeenAt,
				expiresAt: sessions.expiresAt,
				device: sessions.userAgent,
				ipAddress: sessions.ipAddress
			})
			.from(sessions)
			.where(eq(sessions.userId, userId))
			.orderBy(asc(sessions.createdAt))
			.all(),
		passwordResets: db
			.select({
				createdAt: passwordResets.createdAt,
				expiresAt: passwordResets.expiresAt,
				usedAt: passwordResets.usedAt
			})
			.from(passwordResets)
			.where(eq(passwordResets.userId, userId))
			.orderBy(asc(passwordResets.createdAt))
			.all(),
		companies: db
			.select({
				company: companies.name,
				role: memberships.role,
				homeHouse: homeHouse.name,
				joinedAt: memberships.createdAt
			})
			.from(memberships)
			.innerJoin(companies, eq(memberships.companyId, companies.id))
			.leftJoin(homeHouse, eq(memberships.homeHouseId, homeHouse.id))
			.where(eq(memberships.userId, userId))
			.all()
			.sort((a, b) => compareNames(a.company, b.company)),
		operators: db
			.select({
				operator: operators.name,
				role: operatorMembers.role,
				joinedAt: operatorMembers.createdAt
			})
			.from(operatorMembers)
			.innerJoin(operators, eq(operatorMembers.operatorId, operators.id))
			.where(eq(operatorMembers.userId, userId))
			.all()
			.sort((a, b) => compareNames(a.operator, b.operator)),
		dayPlans: db
			.select({
				company: companies.name,
				date: dayPlans.date,
				half: dayPlans.half,
				place: dayPlans.kind,
				house: houses.name,
				note: dayPlans.note,
				checkedInAt: dayPlans.checkedInAt,
				checkInMethod: dayPlans.checkInMethod,
				updatedAt: dayPlans.updatedAt
			})
			.from(dayPlans)
			.innerJoin(companies, eq(dayPlans.companyId, companies.id))
			.leftJoin(houses, eq(dayPlans.houseId, houses.id))
			.where(eq(dayPlans.userId, userId))
			.orderBy(asc(dayPlans.date), asc(dayPlans.half))
			.all(),
		usualWeeks: db
			.select({
				company: companies.name,
				weekday: planPatterns.weekday,
				validFrom: planPatterns.validFrom,
				place: planPatterns.kind,
				house: houses.name,
				createdAt: planPatterns.createdAt
			})
			.from(planPatterns)
			.innerJoin(companies, eq(planPatterns.companyId, companies.id))
			.leftJoin(houses, eq(planPatterns.houseId, houses.id))
			.where(eq(planPatterns.userId, userId))
			.orderBy(asc(planPatterns.validFrom), asc(planPatterns.weekday))
			.all(),
		statuses: db
			.select({
				company: companies.name,
				text: statuses.text,
				emoji: statuses.emoji,
				doNotDisturbUntil: statuses.dndUntil,
				expiresAt: statuses.expiresAt,
				updatedAt: statuses.updatedAt
			})
			.from(statuses)
			.innerJoin(companies, eq(statuses.companyId, companies.id))
			.where(eq(statuses.userId, userId))
			.all(),
		standupAnswers: db
			.select({
				company: companies.name,
				standup: standups.name,
				date: standupRuns.date,
				answers: standupAnswers.answers,
				submittedAt: standupAnswers.submittedAt,
				updatedAt: standupAnswers.updatedAt
			})
			.from(standupAnswers)
			.innerJoin(standupRuns, eq(standupAnswers.runId, standupRuns.id))
			.innerJoin(standups, eq(standupRuns.standupId, standups.id))
			.innerJoin(companies, eq(standups.companyId, companies.id))
			.where(eq(standupAnswers.userId, userId))
			.orderBy(asc(standupRuns.date))
			.all(),
		standupAttendance: db
			.select({
				company: companies.name,
				standup: standups.name,
				date: standupRuns.date,
				house: standupAttendance.houseName,
				attended: standupAttendance.attended,
				late: standupAttendance.late,
				answeredOnTime: standupAttendance.answeredOnTime
			})
			.from(standupAttendance)
			.innerJoin(standupRuns, eq(standupAttendance.runId, standupRuns.id))
			.innerJoin(standups, eq(standupRuns.standupId, standups.id))
			.innerJoin(companies, eq(standups.companyId, companies.id))
			.where(eq(standupAttendance.userId, userId))
			.orderBy(asc(standupRuns.date))
			.all(),
		blockersRaised: db
			.select({
				company: companies.name,
				standup: standups.name,
				text: blockers.text,
				state: blockers.state,
				createdAt: blockers.createdAt,
				resolvedAt: blockers.resolvedAt
			})
			.from(blockers)
			.innerJoin(standups, eq(blockers.standupId, standups.id))
			.innerJoin(companies, eq(blockers.companyId, companies.id))
			// Those they raised: one given to them by a colleague is in the colleague's words.
			.where(eq(blockers.createdBy, userId))
			.orderBy(asc(blockers.createdAt))
			.all(),
		notifications: db
			.select({
				kind: notifications.kind,
				company: companies.name,
				// What the bell's text was made of (titles and rooms as they were then); who did it is
				// another person, named through actor_id, so not here (rows from before migration
				// 0017 may still quote a name).
				content: notifications.payload,
				link: notifications.link,
				createdAt: notifications.createdAt,
				readAt: notifications.readAt,
				emailedAt: notifications.emailedAt
			})
			.from(notifications)
			.leftJoin(companies, eq(notifications.companyId, companies.id))
			.where(eq(notifications.userId, userId))
			.orderBy(asc(notifications.createdAt))
			.all(),
		notificationChoices: db
			.select({
				kind: notificationPreferences.kind,
				channel: notificationPreferences.channel,
				enabled: notificationPreferences.enabled
			})
			.from(notificationPreferences)
			.where(eq(notificationPreferences.userId, userId))
			.all(),
		pushDevices: db
			.select({
				endpoint: pushSubscriptions.endpoint,
				device: pushSubscriptions.userAgent,
				createdAt: pushSubscriptions.createdAt,
				lastSuccessAt: pushSubscriptions.lastSuccessAt
			})
			.from(pushSubscriptions)
			.where(eq(pushSubscriptions.userId, userId))
			.all()
			.map(({ endpoint, ...device }) => ({ pushService: endpointOrigin(endpoint), ...device })),
		calendarFeed: db
			.select({
				includesPlans: calendarFeeds.includePlans,
				createdAt: calendarFeeds.createdAt
			})
			.from(calendarFeeds)
			.where(eq(calendarFeeds.userId, userId))
			.all()
			.map((feed) => ({ exists: true, ...feed }))[0] ?? { exists: false },
		knocks: db
			.select({
				company: companies.name,
				sent: sql<number>`${knocks.fromUserId} = ${userId}`,
				status: knocks.status,
				createdAt: knocks.createdAt,
				answeredAt: knocks.answeredAt
			})
			.from(knocks)
			.innerJoin(companies, eq(knocks.companyId, companies.id))
			.where(or(eq(knocks.fromUserId, userId), eq(knocks.toUserId, userId)))
			.orderBy(asc(knocks.createdAt))
			.all()
			.map(({ sent, ...knock }) => ({ direction: sent ? 'sent' : 'received', ...knock })),
		documentsCreated: db
			.select({
				title: documents.title,
				kind: documents.kind,
				company: companies.name,
				createdAt: documents.createdAt,
				editedAt: documents.editedAt,
				archivedAt: documents.archivedAt
			})
			.from(documents)
			.innerJoin(companies, eq(documents.companyId, companies.id))
			.where(eq(documents.createdBy, userId))
			.orderBy(asc(documents.createdAt))
			.all(),
		chatMessages: db
			.select({
				company: companies.name,
				// A knock's room is named after its two people ("Marc & Anna"): no name there.
				room: sql<string | null>`case when ${rooms.expiresAt} is null then ${rooms.name} end`,
				roomKind: rooms.kind,
				text: roomChatMessages.body,
				sentAt: roomChatMessages.createdAt
			})
			.from(roomChatMessages)
			.innerJoin(rooms, eq(roomChatMessages.roomId, rooms.id))
			.innerJoin(companies, eq(rooms.companyId, companies.id))
			.where(eq(roomChatMessages.userId, userId))
			.orderBy(asc(roomChatMessages.createdAt))
			.all(),
		auditEntries: [
			...db
				.select({
					company: companies.name,
					action: auditEvents.action,
					subject: auditEvents.subject,
					at: auditEvents.createdAt
				})
				.from(auditEvents)
				.innerJoin(companies, eq(auditEvents.companyId, companies.id))
				.where(eq(auditEvents.actorId, userId))
				.orderBy(asc(auditEvents.createdAt))
				.all(),
			...db
				.select({
					operator: operators.name,
					action: operatorAuditEvents.action,
					subject: operatorAuditEvents.subject,
					at: operatorAuditEvents.createdAt
				})
				.from(operatorAuditEvents)
				.innerJoin(operators, eq(operatorAuditEvents.operatorId, operators.id))
				.where(eq(operatorAuditEvents.actorId, userId))
				.orderBy(asc(operatorAuditEvents.createdAt))
				.all()
		].map(({ subject, ...entry }) =>
			subjectIsSomeoneElse.has(entry.action) ? entry : { ...entry, subject }
		)
	};
}

export type AccountExport = NonNullable<ReturnType<typeof accountExport>>;
