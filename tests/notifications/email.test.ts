// Notifications by email: what is still unread ten minutes on leaves as one email per person,
// through a real SMTP server in this process (the sink), with the sweep's clock given by the test.
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startSmtpSink } from '../auth/smtp-sink';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, createTeam, makeCompany, makeUser, setQuietUntil } from '../helpers/factories';
import { notifications, users } from '../../src/lib/server/db/schema';
import { deleteAccount } from '../../src/lib/server/account/deletion';
import { leaveCompany } from '../../src/lib/server/companies/members';
import {
	EMAIL_DELAY_MS,
	EMAIL_MAX_ATTEMPTS,
	sweepNotificationEmails
} from '../../src/lib/server/notifications/email';
import {
	markRead,
	notify,
	openNotification,
	setNotificationPreference
} from '../../src/lib/server/notifications/notifications';
import type { NotificationKind, User } from '../../src/lib/server/db/schema';
import { actions, load } from '../../src/routes/notifications/settings/+page.server';
import type { PageServerData } from '../../src/routes/notifications/settings/$types';

const ORIGIN = 'http://hameau.test';
const sink = await startSmtpSink();
// Before the first config() read (useTempDatabase's): this file's process is configured for SMTP.
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = 'Hameau <hameau@example.org>';
process.env.ORIGIN = ORIGIN;
// Failed sends are logged as errors, on purpose here.
process.env.LOG_LEVEL = 'silent';
const { db } = useTempDatabase();

afterAll(async () => {
	await sink.close();
	delete process.env.SMTP_URL;
	delete process.env.MAIL_FROM;
	delete process.env.ORIGIN;
	delete process.env.LOG_LEVEL;
});

/** The test's clock: `minutes` after now (notifications are written at the real now). */
const after = (minutes: number) => Date.now() + minutes * 60_000;
const DUE = EMAIL_DELAY_MS / 60_000 + 1;

let keys = 0;
function notifyOf(
	userId: string,
	companyId: string,
	kind: NotificationKind = 'mention',
	payload: Record<string, string> = { actor: 'Ana', title: `Plan ${++keys}` }
): string {
	const key = `email-test:${++keys}`;
	notify([userId], kind, { companyId, payload, link: `/somewhere/${keys}`, dedupeKey: key });
	const row = db()
		.select({ id: notifications.id })
		.from(notifications)
		.where(eq(notifications.dedupeKey, key))
		.get();
	if (!row) throw new Error('not notified');
	return row.id;
}

// Lines as the test writes them (SMTP carries CRLF).
const mailsTo = (email: string) =>
	sink.mails
		.filter((mail) => mail.to.includes(email))
		.map((mail) => ({ ...mail, text: mail.text.replaceAll('\r\n', '\n') }));

const emailedAt = (id: string) =>
	db()
		.select({ at: notifications.emailedAt })
		.from(notifications)
		.where(eq(notifications.id, id))
		.get()?.at ?? null;

describe('the email sweep', () => {
	it('gathers each person’s unread notifications into one email, in their language, with absolute links', async () => {
		const team = await createTeam();
		db().update(users).set({ locale: 'fr' }).where(eq(users.id, team.manager.id)).run();
		const first = notifyOf(team.member.id, team.company.id, 'mention', {
			actor: 'Ana',
			title: 'Plan <de> "semaine"'
		});
		notifyOf(team.member.id, team.company.id, 'room_invite', { actor: 'Léo', room: 'Atelier' });
		notifyOf(team.member.id, team.company.id, 'task_assigned', {
			actor: 'Ana',
			title: 'Plan',
			task: 'Relire'
		});
		notifyOf(team.manager.id, team.company.id, 'mention', { actor: 'Ana', title: 'Budget' });
		notifyOf(team.manager.id, team.company.id, 'statement_ready', {
			month: '2026-11',
			house: 'Maison Murat'
		});

		const result = await sweepNotificationEmails(after(DUE));
		expect(result).toEqual({ sent: 2, failed: 0 });

		const [member] = mailsTo(team.member.email);
		expect(mailsTo(team.member.email)).toHaveLength(1);
		expect(member.headers.get('subject')).toBe('3 new notifications in Hameau');
		expect(member.headers.get('from')).toContain('hameau@example.org');
		expect(member.text).toContain(`Hello ${team.member.name},`);
		expect(member.text).toContain('Ana mentioned you in Plan <de> "semaine"');
		expect(member.text).toContain('Léo invited you to the room Atelier');
		expect(member.text).toContain('Ana gave you a task in Plan: Relire');
		// Each notification by an absolute link that opens it (marks it read, goes to its place).
		const links = [...member.text.matchAll(/http:\/\/hameau\.test\/notifications\/([a-z0-9]+)/g)];
		expect(links.map((link) => link[1])).toContain(first);
		expect(member.text).toContain(`${ORIGIN}/notifications/settings`);
		expect(member.headers.get('list-unsubscribe')).toBe(`<${ORIGIN}/notifications/settings>`);
		expect(openNotification(team.member.id, first)).toMatch(/^\/somewhere\/\d+$/);
		// The HTML alternative escapes what people typed.
		expect(member.html).toContain('Plan &lt;de&gt; &quot;semaine&quot;');
		expect(member.html).not.toContain('<de>');
		// Never another person's notifications.
		expect(member.text).not.toContain('Budget');

		const [manager] = mailsTo(team.manager.email);
		expect(mailsTo(team.manager.email)).toHaveLength(1);
		expect(manager.headers.get('subject')).toBe('2 nouvelles notifications dans Hameau');
		expect(manager.text).toContain(`Bonjour ${team.manager.name},`);
		expect(manager.text).toContain('Ana vous mentionne dans «\u202fBudget\u202f»');
		expect(manager.text).not.toContain('Relire');
		expect(mailsTo(team.owner.email)).toEqual([]);
	});

	it('sends nothing before the delay, nor for what was read meanwhile', async () => {
		const team = await createTeam();
		const read = notifyOf(team.member.id, team.company.id);
		const unread = notifyOf(team.member.id, team.company.id);

		await sweepNotificationEmails(after(DUE - 2));
		expect(mailsTo(team.member.email)).toEqual([]);

		markRead(team.member.id, read);
		await sweepNotificationEmails(after(DUE));
		const mails = mailsTo(team.member.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].headers.get('subject')).toBe('1 new notification in Hameau');
		expect(mails[0].text).toContain(`/notifications/${unread}`);
		expect(mails[0].text).not.toContain(`/notifications/${read}`);
		expect(emailedAt(read)).toBeNull();
	});

	it('follows the email channel of each kind: on by default for mentions, off for stand-ups', async () => {
		const team = await createTeam();
		const mention = notifyOf(team.member.id, team.company.id, 'mention');
		notifyOf(team.member.id, team.company.id, 'standup_open', { standup: 'Daily' });
		setNotificationPreference(team.owner.id, 'mention', 'email', false);
		notifyOf(team.owner.id, team.company.id, 'mention');
		// Turned on for a kind that is off by default.
		setNotificationPreference(team.manager.id, 'standup_live', 'email', true);
		notifyOf(team.manager.id, team.company.id, 'standup_live', { standup: 'Weekly' });

		await sweepNotificationEmails(after(DUE));
		const member = mailsTo(team.member.email);
		expect(member).toHaveLength(1);
		expect(member[0].headers.get('subject')).toBe('1 new notification in Hameau');
		expect(member[0].text).toContain(`/notifications/${mention}`);
		expect(member[0].text).not.toContain('Daily');
		expect(mailsTo(team.owner.email)).toEqual([]);
		expect(mailsTo(team.manager.email)).toHaveLength(1);
		expect(mailsTo(team.manager.email)[0].text).toContain('Weekly: the round has started');

		// Turned back on: what is still unread goes with the next sweep.
		setNotificationPreference(team.owner.id, 'mention', 'email', true);
		await sweepNotificationEmails(after(DUE));
		expect(mailsTo(team.owner.email)).toHaveLength(1);
	});

	it('never emails a knock, even when asked to', async () => {
		const team = await createTeam();
		setNotificationPreference(team.member.id, 'knock', 'email', true);
		notifyOf(team.member.id, team.company.id, 'knock', { actor: 'Ana' });
		await sweepNotificationEmails(after(DUE));
		expect(mailsTo(team.member.email)).toEqual([]);
	});

	it('waits while the person asked not to be disturbed, and sends afterwards', async () => {
		const team = await createTeam();
		setQuietUntil(team.company.id, team.member.id, after(DUE + 30));
		const id = notifyOf(team.member.id, team.company.id);

		await sweepNotificationEmails(after(DUE));
		expect(mailsTo(team.member.email)).toEqual([]);
		expect(emailedAt(id)).toBeNull();

		await sweepNotificationEmails(after(DUE + 31));
		expect(mailsTo(team.member.email)).toHaveLength(1);
	});

	it('never sends the same notification twice: concurrent sweeps, or one after the other', async () => {
		const team = await createTeam();
		notifyOf(team.member.id, team.company.id);
		notifyOf(team.member.id, team.company.id);
		const at = after(DUE);

		const results = await Promise.all([sweepNotificationEmails(at), sweepNotificationEmails(at)]);
		expect(results.map((r) => r.sent).sort()).toEqual([0, 1]);
		await sweepNotificationEmails(at);
		await sweepNotificationEmails(after(DUE + 60));
		expect(mailsTo(team.member.email)).toHaveLength(1);
		expect(mailsTo(team.member.email)[0].headers.get('subject')).toBe(
			'2 new notifications in Hameau'
		);
	});

	it('puts the notifications back when sending fails, retries later, and gives up after a few tries', async () => {
		const team = await createTeam();
		const id = notifyOf(team.member.id, team.company.id);
		sink.refusing = true;
		try {
			expect(await sweepNotificationEmails(after(DUE))).toEqual({ sent: 0, failed: 1 });
			expect(emailedAt(id)).toBeNull();
			// Not at once again: a minute later.
			expect(await sweepNotificationEmails(after(DUE))).toEqual({ sent: 0, failed: 0 });
		} finally {
			sink.refusing = false;
		}
		expect(await sweepNotificationEmails(after(DUE + 1))).toEqual({ sent: 1, failed: 0 });
		expect(mailsTo(team.member.email)).toHaveLength(1);
		expect(emailedAt(id)).not.toBeNull();

		const doomed = notifyOf(team.owner.id, team.company.id);
		sink.refusing = true;
		try {
			// 1, 2, 4… minutes apart: each attempt fails, the last one gives up.
			let minutes = DUE;
			for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
				expect(await sweepNotificationEmails(after(minutes))).toEqual({ sent: 0, failed: 1 });
				minutes += 2 ** (attempt - 1);
			}
			expect(emailedAt(doomed)).not.toBeNull();
		} finally {
			sink.refusing = false;
		}
		await sweepNotificationEmails(after(DUE + 24 * 60));
		expect(mailsTo(team.owner.email)).toEqual([]);
	});

	it('leaves out the notifications of a company the person left, and deleted accounts', async () => {
		const team = await createTeam();
		const other = makeCompany(team.owner, 'Other company');
		addMember(other, team.owner, team.member, 'member');
		const gone = notifyOf(team.member.id, other.id, 'mention', { actor: 'Ana', title: 'Secret' });
		const kept = notifyOf(team.member.id, team.company.id, 'mention', {
			actor: 'Ana',
			title: 'Open'
		});
		expect(leaveCompany(other.id, team.member.id).ok).toBe(true);

		const deleted = await makeUser('Deleted');
		addMember(team.company, team.owner, deleted, 'member');
		notifyOf(deleted.id, team.company.id);
		db().delete(users).where(eq(users.id, deleted.id)).run();

		await sweepNotificationEmails(after(DUE));
		const mails = mailsTo(team.member.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].text).toContain(`/notifications/${kept}`);
		expect(mails[0].text).not.toContain('Secret');
		expect(emailedAt(gone)).toBeNull();
		expect(mailsTo(deleted.email)).toEqual([]);
	});

	it('names no one whose account was deleted before the email left', async () => {
		const team = await createTeam();
		notify([team.member.id], 'room_invite', {
			companyId: team.company.id,
			actorId: team.manager.id,
			payload: { room: 'Atelier' },
			link: '/somewhere/invite',
			dedupeKey: `email-test:${++keys}`
		});
		notify([team.member.id], 'mention', {
			companyId: team.company.id,
			actorId: team.owner.id,
			payload: { title: 'Plan' },
			link: '/somewhere/mention',
			dedupeKey: `email-test:${++keys}`
		});
		expect(deleteAccount(team.manager.id).ok).toBe(true);

		await sweepNotificationEmails(after(DUE));
		const [mail] = mailsTo(team.member.email);
		expect(mail.text).toContain('A former member invited you to the room Atelier');
		expect(mail.text).toContain(`${team.owner.name} mentioned you in Plan`);
		expect(mail.text).not.toContain(team.manager.name);
		expect(mail.html).not.toContain(team.manager.name);
	});

	it('puts each company under its name when the email covers several', async () => {
		const team = await createTeam();
		const other = makeCompany(team.owner, 'Atelier Voisin');
		addMember(other, team.owner, team.member, 'member');
		notifyOf(team.member.id, team.company.id, 'mention', { actor: 'Ana', title: 'Ici' });
		notifyOf(team.member.id, other.id, 'mention', { actor: 'Ana', title: 'Là-bas' });

		await sweepNotificationEmails(after(DUE));
		const [mail] = mailsTo(team.member.email);
		expect(mail.text).toContain(`${team.company.name}\n\n- Ana mentioned you in Ici`);
		expect(mail.text).toContain('Atelier Voisin\n\n- Ana mentioned you in Là-bas');
	});
});

type SettingsEvent = Parameters<typeof load>[0];

/** The settings page as the person sees it: kind → channel → ticked. */
async function settingsGrid(user: User) {
	const data = (await load({
		locals: { user },
		// A browser that sends no cookie (the page reads which push device is this one).
		cookies: { get: () => undefined },
		url: new URL(`${ORIGIN}/notifications/settings`)
	} as unknown as SettingsEvent)) as PageServerData | undefined;
	if (!data) throw new Error('no page data');
	return {
		email: data.email,
		ticked: Object.fromEntries(
			data.choices.map((choice) => [
				choice.kind,
				Object.fromEntries(choice.channels.map((c) => [c.channel, c.enabled]))
			])
		)
	};
}

/** Sends the settings form with these boxes ticked, as a browser does (unticked: absent). */
async function saveSettings(user: User, ticked: string[]) {
	const url = new URL(`${ORIGIN}/notifications/settings`);
	await actions.save({
		locals: { user },
		url,
		request: new Request(url, {
			method: 'POST',
			body: new URLSearchParams(ticked.map((name) => [name, 'on']))
		})
	} as unknown as Parameters<typeof actions.save>[0]);
}

describe('the settings page with SMTP', () => {
	it('shows the email defaults, and unticking a kind stops its emails', async () => {
		const team = await createTeam();
		const grid = await settingsGrid(team.member);
		expect(grid.email).toEqual({ available: true, delayMinutes: 10 });
		expect(grid.ticked.mention).toEqual({ in_app: true, browser: true, push: true, email: true });
		expect(grid.ticked.statement_ready.email).toBe(true);
		expect(grid.ticked.standup_open).toEqual({
			in_app: true,
			browser: true,
			push: true,
			email: false
		});
		// A knock rings or waits in the centre: never by email, so the grid does not offer it.
		expect(grid.ticked.knock.email).toBe(false);
		expect(grid.ticked.house_room_joined.email).toBe(false);

		// Everything ticked as shown, but mentions by email.
		const ticked = Object.entries(grid.ticked).flatMap(([kind, channels]) =>
			Object.entries(channels)
				.filter(([channel, on]) => on && `${kind}.${channel}` !== 'mention.email')
				.map(([channel]) => `${kind}.${channel}`)
		);
		await saveSettings(team.member, ticked);
		expect((await settingsGrid(team.member)).ticked.mention.email).toBe(false);
		notifyOf(team.member.id, team.company.id, 'mention');
		await sweepNotificationEmails(after(DUE));
		expect(mailsTo(team.member.email)).toEqual([]);
	});

	it('keeps a kind’s other choices while “In Hameau” is off for it, and brings them back with it', async () => {
		const team = await createTeam();
		const shown = (await settingsGrid(team.member)).ticked;
		const all = (except: (name: string) => boolean) =>
			Object.entries(shown).flatMap(([kind, channels]) =>
				Object.entries(channels)
					.filter(([, on]) => on)
					.map(([channel]) => `${kind}.${channel}`)
					.filter((name) => !except(name))
			);
		// Mentions off in Hameau; the page greys their other boxes, so they are not sent.
		await saveSettings(
			team.member,
			all((name) => name.startsWith('mention.'))
		);
		let grid = (await settingsGrid(team.member)).ticked;
		expect(grid.mention).toEqual({ in_app: false, browser: true, push: true, email: true });
		// On again (the other boxes still greyed when the page was drawn): as they were.
		await saveSettings(
			team.member,
			all((name) => name.startsWith('mention.') && name !== 'mention.in_app')
		);
		grid = (await settingsGrid(team.member)).ticked;
		expect(grid.mention).toEqual({ in_app: true, browser: true, push: true, email: true });
	});
});
