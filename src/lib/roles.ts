import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/vocabulary';

/** The translated name of a role. */
export function roleLabel(role: Role): string {
	return role === 'owner'
		? m.role_owner()
		: role === 'manager'
			? m.role_manager()
			: m.role_member();
}
