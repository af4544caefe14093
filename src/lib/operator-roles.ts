import { m } from '$lib/paraglide/messages';

/** An operator member's role (the same values as the operator_members.role column). */
export type OperatorRoleName = 'admin' | 'staff';

/** The translated name of an operator member's role. */
export function operatorRoleLabel(role: OperatorRoleName): string {
	return role === 'admin' ? m.operators_role_admin() : m.operators_role_staff();
}

/** "Anne is already an admin": a role saved unchanged (each role its own sentence, for grammar). */
export function operatorRoleAlreadyHeld(role: OperatorRoleName, name: string): string {
	return role === 'admin'
		? m.operators_members_already_admin({ name })
		: m.operators_members_already_staff({ name });
}

/**
 * "You are invited to help run Commune de Murat as an administrator": each role its own sentence,
 * as for a company's invitation (invitedAs), since a role's label dropped mid-sentence read "as
 * Admin", and French wants a phrasing that names no one's gender.
 */
export function operatorInvitedAs(role: OperatorRoleName, operator: string): string {
	return role === 'admin'
		? m.operators_invite_text_admin({ operator })
		: m.operators_invite_text_staff({ operator });
}
