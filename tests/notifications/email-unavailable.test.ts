// A server without SMTP: no email sweep, and the settings page shows the email column disabled
// without a save turning anyone's email choices off.
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { createTeam } from '../helpers/factories';
import type { User } from '../../src/lib/server/db/schema';
import {
	ensureNotificationEmails,
	sweepNotificationEmails
} from '../../src/lib/server/notifications/email';
import {
	notificationPreferencesOf,
	notify
} from '../../src/lib/server/notifications/notifications';
import { actions, load } from '../../src/routes/notifications/settings/+page.server';
import type { PageServerData } from '../../src/routes/notifications/settings/$types';

delete process.env.SMTP_URL;
useTempDatabase();

const url = new URL('http://hameau.test/notifications/settings');

async function emailColumn(user: User) {
	const data = (await load({ locals: { user }, url, cookies: noCookies } as unknown as Parameters<
		typeof load
	>[0])) as PageServerData | undefined;
	if (!data) throw new Error('no page data');
	return {
		email: data.email,
		mention: data.choices.find((choice) => choice.kind === 'mention')?.channels
	};
}

/** A browser that sends no cookie (the page reads which push device is this one). */
const noCookies = { get: () => undefined };

describe('without SMTP', () => {
	it('does not sweep, and the settings keep the email choices as they are', async () => {
		const team = await createTeam();
		notify([team.member.id], 'mention', {
			companyId: team.company.id,
			payload: { actor: 'Ana', title: 'Plan' },
			link: '/somewhere',
			dedupeKey: 'no-smtp'
		});
		expect(await sweepNotificationEmails(Date.now() + 3600_000)).toEqual({ sent: 0, failed: 0 });
		ensureNotificationEmails();
		expect(Symbol.for('hameau.notifications.email-sweep') in globalThis).toBe(false);

		const before = await emailColumn(team.member);
		expect(before.email.available).toBe(false);
		expect(before.mention?.find((c) => c.channel === 'email')).toMatchObject({
			offered: true,
			enabled: true
		});

		// The browser sends no disabled box: in Hameau and on screen only.
		await actions.save({
			locals: { user: team.member },
			url,
			request: new Request(url, {
				method: 'POST',
				body: new URLSearchParams({ 'mention.in_app': 'on', 'mention.browser': 'on' })
			})
		} as unknown as Parameters<typeof actions.save>[0]);
		expect(
			notificationPreferencesOf(team.member.id).filter((row) => row.channel === 'email')
		).toEqual([]);
		const after = await emailColumn(team.member);
		expect(after.mention?.find((c) => c.channel === 'email')?.enabled).toBe(true);
		expect(after.mention?.find((c) => c.channel === 'in_app')?.enabled).toBe(true);
	});
});
