import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { operatorRoleAlreadyHeld } from '$lib/operator-roles';
import { operatorRoles } from '$lib/server/db/schema';
import { parseForm } from '$lib/server/forms';
import { isConfirmed } from '$lib/forms/confirm';
import { requireOperator } from '$lib/server/operators/access';
import {
	changeOperatorRole,
	leaveOperator,
	listOperatorMembers,
	removeOperatorMember,
	type OperatorMemberChangeError
} from '$lib/server/operators/members';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { operator, userId } = requireOperator(event);
	return {
		currentUserId: userId,
		roles: operatorRoles,
		members: listOperatorMembers(operator.id).map(({ userId, name, email, role }) => ({
			userId,
			name,
			email,
			role
		}))
	};
};

const userIdField = v.pipe(
	v.string(),
	v.nonEmpty(() => m.error_required())
);
const changeRoleSchema = v.object({
	userId: userIdField,
	role: v.picklist(operatorRoles, () => m.operators_members_error_role())
});
const memberSchema = v.object({ userId: userIdField });

function failure(reason: OperatorMemberChangeError, action: string, userId: string | null) {
	switch (reason) {
		case 'last_admin':
			return fail(400, {
				action,
				userId,
				error:
					action === 'leave'
						? m.operators_members_error_last_admin_leave()
						: m.operators_members_error_last_admin()
			});
		case 'not_found':
			return fail(404, { action, userId, error: m.operators_members_error_not_found() });
		case 'not_allowed':
			// The action already required the admin role, so only removing oneself lands here.
			return fail(403, { action, userId, error: m.operators_members_error_remove_self() });
	}
}

export const actions: Actions = {
	changeRole: async (event) => {
		const { operator, userId, role } = requireOperator(event, 'admin');
		const parsed = parseForm(changeRoleSchema, await event.request.formData());
		if (!parsed.ok) {
			const error = parsed.errors.role ?? parsed.errors.userId ?? parsed.errors.form;
			return fail(400, { action: 'changeRole', userId: parsed.values.userId ?? null, error });
		}
		const target = parsed.data.userId;
		const result = changeOperatorRole(operator.id, { userId, role }, target, parsed.data.role);
		if (!result.ok) return failure(result.reason, 'changeRole', target);
		if (!result.changed) {
			const notice = operatorRoleAlreadyHeld(parsed.data.role, result.name);
			return { action: 'changeRole', userId: target, notice };
		}
		return { action: 'changeRole', userId: target, success: m.members_role_changed() };
	},

	remove: async (event) => {
		const { operator, userId, role } = requireOperator(event, 'admin');
		const formData = await event.request.formData();
		const parsed = parseForm(memberSchema, formData);
		if (!parsed.ok) {
			return fail(400, { action: 'remove', userId: null, error: parsed.errors.userId });
		}
		// Not confirmed (no JavaScript, or clicked before the page came alive): ask in the page.
		if (!isConfirmed(formData)) {
			return { action: 'remove', userId: parsed.data.userId, confirm: true };
		}
		const result = removeOperatorMember(operator.id, { userId, role }, parsed.data.userId);
		if (!result.ok) return failure(result.reason, 'remove', parsed.data.userId);
		return { action: 'remove', userId: parsed.data.userId, success: m.members_removed() };
	},

	leave: async (event) => {
		const { operator, userId } = requireOperator(event);
		if (!isConfirmed(await event.request.formData())) {
			return { action: 'leave', userId, confirm: true };
		}
		const result = leaveOperator(operator.id, userId);
		if (!result.ok) return failure(result.reason, 'leave', userId);
		redirect(303, '/companies');
	}
};
