import { m } from '$lib/paraglide/messages';

/** An operator member's role (the same values as the operator_members.role column). */
export type OperatorRoleName = 'admin' | 'staff';

/** The translated name of an operator member's role. */
export function operatorRoleLabel(role: OperatorRoleName): string {
	return role === 'admin' ? m.operators_role_admin() : m.operators_role_staff();
}
