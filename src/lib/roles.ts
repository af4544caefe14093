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

/**
 * "You are invited to join Scop Volcans as a member": each role its own sentence, as a role named
 * mid-sentence takes an article in English and a small letter in French ("en tant que membre"),
 * not the role's label ("as Member", "avec le rôle Membre").
 */
export function invitedAs(role: Role, company: string): string {
	return role === 'owner'
		? m.invite_text_owner({ company })
		: role === 'manager'
			? m.invite_text_manager({ company })
			: m.invite_text_member({ company });
}
