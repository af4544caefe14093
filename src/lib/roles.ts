import { m } from '$lib/paraglide/messages';

export type RoleName = 'owner' | 'manager' | 'member';

/** The translated name of a role. */
export function roleLabel(role: RoleName): string {
	return role === 'owner'
		? m.role_owner()
		: role === 'manager'
			? m.role_manager()
			: m.role_member();
}
