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

/** "Anne is already a manager": a role saved unchanged (each role its own sentence, for grammar). */
export function roleAlreadyHeld(role: Role, name: string): string {
	return role === 'owner'
		? m.members_role_already_owner({ name })
		: role === 'manager'
			? m.members_role_already_manager({ name })
			: m.members_role_already_member({ name });
}
