import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { deleteCompanyOfOne } from '$lib/server/account/deletion';
import { createMemberResetLink } from '$lib/server/auth/member-reset-link';
import { noteCompanyDeleted } from '$lib/server/companies/deleted-notice';
import { resetPath } from '$lib/server/auth/password-reset';
import { requireCompany } from '$lib/server/companies/access';
import {
	changeRole,
	leaveCompany,
	listMembers,
	removeMember,
	type MemberChangeError
} from '$lib/server/companies/members';
import { roleAlreadyHeld } from '$lib/roles';
import { roles } from '$lib/vocabulary';
import { parseForm } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { company, userId } = requireCompany(event);
	return {
		currentUserId: userId,
		members: listMembers(company.id).map(({ userId, name, email, role, homeHouseName }) => ({
			userId,
			name,
			email,
			role,
			homeHouseName
		}))
	};
};

const userIdField = v.pipe(
	v.string(),
	v.nonEmpty(() => m.error_required())
);
const changeRoleSchema = v.object({
	userId: userIdField,
	role: v.picklist(roles, () => m.members_error_role())
});
/** One member of the company: whom to remove, or whom a reset link is for. */
const memberSchema = v.object({ userId: userIdField });

function failure(reason: MemberChangeError, action: string, userId: string | null) {
	switch (reason) {
		case 'last_owner':
			return fail(400, {
				action,
				userId,
				error:
					action === 'leave' ? m.members_error_last_owner_leave() : m.members_error_last_owner()
			});
		case 'not_found':
			return fail(404, { action, userId, error: m.members_error_not_found() });
		case 'not_allowed':
			// The action already required the owner role, so only removing oneself lands here.
			return fail(403, { action, userId, error: m.members_error_remove_self() });
	}
}

export const actions: Actions = {
	changeRole: async (event) => {
		const { company, userId, role } = requireCompany(event, 'owner');
		const parsed = parseForm(changeRoleSchema, await event.request.formData());
		if (!parsed.ok) {
			const error = parsed.errors.role ?? parsed.errors.userId ?? parsed.errors.form;
			return fail(400, { action: 'changeRole', userId: parsed.values.userId ?? null, error });
		}
		const result = changeRole(company.id, { userId, role }, parsed.data.userId, parsed.data.role);
		if (!result.ok) return failure(result.reason, 'changeRole', parsed.data.userId);
		if (!result.changed) {
			const notice = roleAlreadyHeld(parsed.data.role, result.name);
			return { action: 'changeRole', userId: parsed.data.userId, notice };
		}
		return { action: 'changeRole', userId: parsed.data.userId, success: m.members_role_changed() };
	},

	remove: async (event) => {
		const { company, userId, role } = requireCompany(event, 'owner');
		const formData = await event.request.formData();
		const parsed = parseForm(memberSchema, formData);
		if (!parsed.ok) {
			return fail(400, { action: 'remove', userId: null, error: parsed.errors.userId });
		}
		// Not confirmed (no JavaScript, or clicked before the page came alive): ask in the page.
		if (!isConfirmed(formData)) {
			return { action: 'remove', userId: parsed.data.userId, confirm: true };
		}
		const result = removeMember(company.id, { userId, role }, parsed.data.userId);
		if (!result.ok) return failure(result.reason, 'remove', parsed.data.userId);
		return { action: 'remove', userId: parsed.data.userId, success: m.members_removed() };
	},

	resetLink: async (event) => {
		const { company, userId, role } = requireCompany(event, 'owner');
		const parsed = parseForm(memberSchema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'resetLink', userId: null, error: parsed.errors.userId });
		}
		const target = parsed.data.userId;
		const result = createMemberResetLink(company.id, { userId, role }, target);
		if (!result.ok) {
			const refused = (status: 400 | 403, error: string) =>
				fail(status, { action: 'resetLink', userId: target, error });
			switch (result.reason) {
				case 'not_allowed':
					return refused(403, m.error_forbidden_text());
				case 'self':
					return refused(400, m.trust_auth_members_reset_self());
				case 'not_found':
					return failure('not_found', 'resetLink', target);
				case 'other_company':
					return refused(403, m.trust_auth_members_reset_other_company({ name: result.name }));
				case 'operator':
					return refused(403, m.trust_auth_members_reset_operator({ name: result.name }));
			}
		}
		// Shown once, to the owner, who hands it over; only its hash is stored.
		return {
			action: 'resetLink',
			userId: target,
			resetLink: `${event.url.origin}${resetPath(result.token)}`
		};
	},

	leave: async (event) => {
		const { company, userId } = requireCompany(event);
		if (!isConfirmed(await event.request.formData())) {
			return { action: 'leave', userId, confirm: true };
		}
		const result = leaveCompany(company.id, userId);
		if (!result.ok) return failure(result.reason, 'leave', userId);
		redirect(303, '/companies');
	},

	// What "leave" is for a company's only member, asked for as such: never a leave that finds
	// the person alone by the time it arrives (the other member left meanwhile).
	delete: async (event) => {
		const { company, userId } = requireCompany(event);
		if (!isConfirmed(await event.request.formData())) {
			return { action: 'delete', userId, confirm: true };
		}
		const deleted = deleteCompanyOfOne(company.id, userId);
		if (deleted.ok) {
			noteCompanyDeleted(event.cookies, event.url);
			redirect(303, '/companies');
		}
		const error = {
			records: m.members_delete_records,
			not_alone: m.members_delete_not_alone,
			not_found: m.members_error_not_found
		}[deleted.reason]();
		return fail(deleted.reason === 'not_found' ? 404 : 409, { action: 'delete', userId, error });
	}
};
