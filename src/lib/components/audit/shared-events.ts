import { elideFrench } from '$lib/format';
import { m } from '$lib/paraglide/messages';

type Details = Record<string, string | number | null> | null;

/**
 * The sentence for an event a company's and an operator's logs share (joining, roles,
 * invitations, houses); undefined for any other action, which the page words itself. `role`
 * names a role found in the details, whichever kind of space it belongs to.
 */
export function describeSharedEvent(
	event: { action: string; subject: string; details: Details },
	role: (value: string | number | null | undefined) => string
): string | undefined {
	const details = event.details ?? {};
	const name = event.subject;
	switch (event.action) {
		case 'member.joined':
			return m.audit_member_joined({ role: role(details.role) });
		case 'member.account_deleted':
			return m.audit_member_account_deleted({ name });
		case 'member.role_changed':
			return m.audit_member_role_changed({
				name,
				ofName: elideFrench('de', name),
				from: role(details.from),
				to: role(details.to)
			});
		case 'invitation.created': {
			const uses =
				details.maxUses === null || details.maxUses === undefined
					? m.audit_invitation_multi_use()
					: m.audit_invitation_single_use();
			const sentence = name
				? m.audit_invitation_created_email({ email: name, role: role(details.role) })
				: m.audit_invitation_created_link({ role: role(details.role) });
			return `${sentence} (${uses})`;
		}
		case 'invitation.revoked':
			return name
				? m.audit_invitation_revoked_email({ email: name })
				: m.audit_invitation_revoked_link({ role: role(details.role) });
		case 'house.created':
			return m.audit_house_created({ name });
		case 'house.updated':
			// The photo is changed apart from the house's form, and logged as a change of the house.
			if (details.photo === 'set') return m.audit_house_photo_set({ name });
			if (details.photo === 'removed') return m.audit_house_photo_removed({ name });
			return m.audit_house_updated({ name });
		case 'house.archived':
			return m.audit_house_archived({ name });
		case 'house.unarchived':
			return m.audit_house_unarchived({ name });
	}
	return undefined;
}
