// Reset links as the domain module keeps them: only a hash stored, 30 minutes, one use.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-db';
import { addMember, makeCompany, makeUser } from '../helpers/factories';
import {
	createPasswordReset,
	findUsableReset,
	resetPassword,
	RESET_LIFETIME_MS
} from '../../src/lib/server/auth/password-reset';
import { createMemberResetLink } from '../../src/lib/server/auth/member-reset-link';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { authenticate } from '../../src/lib/server/auth/user';
import { feedForToken, feedOf, issueFeedToken } from '../../src/lib/server/calendar/feeds';
import { auditEvents, passwordResets } from '../../src/lib/server/db/schema';
import { hashToken } from '../../src/lib/server/ids';

const { db } = useTempDatabase();
const NEW_PASSWORD = 'un-nouveau-départ-2026';

describe('password reset links', () => {
	it('turns the calendar feed off with the sessions: its address could have been copied too', async () => {
		const user = await makeUser('Feed');
		const feedToken = issueFeedToken(user.id);
		expect(feedForToken(feedToken)).not.toBeNull();
		const token = createPasswordReset(db(), user.id, null);
		expect(await resetPassword(token, NEW_PASSWORD)).toEqual({
			ok: true,
			userId: user.id,
			feedEnded: true
		});
		expect(feedForToken(feedToken)).toBeNull();
		expect(feedOf(user.id)).toBeNull();
	});

	it('stores only the hash of the token', async () => {
		const user = await makeUser('Hashed');
		const token = createPasswordReset(db(), user.id, null);
		const rows = db().select().from(passwordResets).where(eq(passwordResets.userId, user.id)).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].tokenHash).toBe(hashToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);
		expect(token.length).toBeGreaterThanOrEqual(32);
	});

	it('sets the password once and ends every session of the account', async () => {
		const user = await makeUser('Once');
		const sessionToken = generateSessionToken();
		createSession(sessionToken, user.id);
		const token = createPasswordReset(db(), user.id, null);
		const other = createPasswordReset(db(), user.id, null);

		expect(findUsableReset(token)?.id).toBe(user.id);
		expect(await resetPassword(token, NEW_PASSWORD)).toEqual({
			ok: true,
			userId: user.id,
			feedEnded: false
		});
		expect(await authenticate(user.email, NEW_PASSWORD)).not.toBeNull();
		expect(validateSessionToken(sessionToken).session).toBeNull();

		// Spent: neither this link nor the account's other one works again.
		expect(findUsableReset(token)).toBeNull();
		expect(await resetPassword(token, 'encore-un-autre-2026')).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await resetPassword(other, 'encore-un-autre-2026')).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await authenticate(user.email, NEW_PASSWORD)).not.toBeNull();
	});

	it('works for 30 minutes, not after', async () => {
		const user = await makeUser('Expiring');
		const made = new Date('2026-12-03T08:00:00Z');
		const token = createPasswordReset(db(), user.id, null, made);
		const end = new Date(made.getTime() + RESET_LIFETIME_MS);
		expect(findUsableReset(token, new Date(end.getTime() - 1))?.id).toBe(user.id);
		expect(findUsableReset(token, end)).toBeNull();
		expect(await resetPassword(token, NEW_PASSWORD, end)).toEqual({ ok: false, reason: 'invalid' });
		expect(await authenticate(user.email, NEW_PASSWORD)).toBeNull();
	});

	it('refuses a password the sign-up would refuse, leaving the link usable', async () => {
		const user = await makeUser('Weak');
		const token = createPasswordReset(db(), user.id, null);
		expect(await resetPassword(token, 'short')).toEqual({
			ok: false,
			reason: 'password',
			problem: 'too_short'
		});
		expect(await resetPassword(token, user.email)).toMatchObject({ problem: 'same_as_email' });
		expect(findUsableReset(token)?.id).toBe(user.id);
	});

	it('spends a link once even when two uses race', async () => {
		const user = await makeUser('Racing');
		const token = createPasswordReset(db(), user.id, null);
		const results = await Promise.all([
			resetPassword(token, 'premier-mot-de-passe-2026'),
			resetPassword(token, 'second-mot-de-passe-2026')
		]);
		expect(results.filter((result) => result.ok)).toHaveLength(1);
	});
});

describe('reset links made by an owner', () => {
	it('are for members of the owner’s company only, made by an owner, and audited', async () => {
		const owner = await makeUser('Owner');
		const member = await makeUser('Member');
		const stranger = await makeUser('Stranger');
		const company = makeCompany(owner);
		addMember(company, owner, member, 'member');
		const asOwner = { userId: owner.id, role: 'owner' as const };

		expect(createMemberResetLink(company.id, asOwner, stranger.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(createMemberResetLink(company.id, asOwner, owner.id)).toEqual({
			ok: false,
			reason: 'self'
		});
		expect(
			createMemberResetLink(company.id, { userId: member.id, role: 'member' }, owner.id)
		).toEqual({ ok: false, reason: 'not_allowed' });
		expect(
			db().select().from(passwordResets).where(eq(passwordResets.createdBy, owner.id)).all()
		).toHaveLength(0);

		const made = createMemberResetLink(company.id, asOwner, member.id);
		expect(made.ok).toBe(true);
		if (!made.ok) return;
		expect(findUsableReset(made.token)?.id).toBe(member.id);
		const audit = db()
			.select()
			.from(auditEvents)
			.where(eq(auditEvents.companyId, company.id))
			.all();
		expect(audit.at(-1)).toMatchObject({
			action: 'member.reset_link_created',
			actorId: owner.id,
			subject: member.name
		});
	});

	it('are refused for a member who also belongs to a company the owner does not own', async () => {
		const owner = await makeUser('Owner');
		const otherOwner = await makeUser('Other');
		const shared = await makeUser('Shared');
		const company = makeCompany(owner);
		const elsewhere = makeCompany(otherOwner);
		addMember(company, owner, shared, 'member');
		addMember(elsewhere, otherOwner, shared, 'member');
		const asOwner = { userId: owner.id, role: 'owner' as const };
		expect(createMemberResetLink(company.id, asOwner, shared.id)).toEqual({
			ok: false,
			reason: 'other_company',
			name: shared.name
		});

		// Once the owner also owns that company, the link may be made.
		addMember(elsewhere, otherOwner, owner, 'owner');
		expect(createMemberResetLink(company.id, asOwner, shared.id).ok).toBe(true);
	});
});
