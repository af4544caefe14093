// What a members page (a company's, an operator's) does around its forms: the confirmation
// dialog before removing someone or leaving, role forms that put back a refused role, and where
// the answer to the last action shows.
import type { SubmitFunction } from '@sveltejs/kit';

export type PendingMemberAction =
	{ kind: 'remove'; userId: string; name: string } | { kind: 'leave' };

/**
 * The confirmation dialog. Without JavaScript the buttons post directly, and the server asks
 * instead (askedToConfirm).
 */
export class MemberConfirm {
	pending: PendingMemberAction | null = $state(null);
	open = $state(false);

	ask = (event: MouseEvent, what: PendingMemberAction) => {
		event.preventDefault();
		this.pending = what;
		this.open = true;
	};

	close: SubmitFunction = () => {
		return async ({ update }) => {
			this.open = false;
			await update();
		};
	};
}

/**
 * A refused role change puts the select back on the saved role, so the row never shows a role the
 * person does not have; a successful one keeps it rather than flashing the old value on reset.
 */
export function roleForm(savedRole: () => string | undefined): SubmitFunction {
	return () =>
		async ({ result, update, formElement }) => {
			await update({ reset: false });
			if (result.type !== 'failure') return;
			const select = formElement.querySelector('select');
			const saved = savedRole();
			if (select && saved) select.value = saved;
		};
}

type ActionAnswer = {
	action?: string;
	userId?: string | null;
	error?: string;
	success?: string;
	/** Nothing to do: what was asked already holds ("Anne is already a manager"). */
	notice?: string;
	/** The server asks to confirm an action posted without the dialog. */
	confirm?: boolean;
} | null;

/** The answer to `action` on this member's row, if the last action was that one, about them. */
export function rowMessage(form: ActionAnswer | undefined, action: string, userId: string) {
	if (!form || form.action !== action || form.userId !== userId) return null;
	return form.error ? { error: form.error } : { success: form.success, notice: form.notice };
}

/** An answer about someone no longer listed (removed, or gone meanwhile) has no row to sit in. */
export function orphanMessage(
	form: ActionAnswer | undefined,
	rowActions: readonly string[],
	members: ReadonlyArray<{ userId: string }>
) {
	return form?.action &&
		rowActions.includes(form.action) &&
		!members.some((member) => member.userId === form.userId)
		? { error: form.error, success: form.success, notice: form.notice }
		: {};
}

/** Whether the server asked to confirm `action` (about `userId`), posted without the dialog. */
export function askedToConfirm(
	form: ActionAnswer | undefined,
	action: string,
	userId?: string
): boolean {
	return !!form?.confirm && form.action === action && (!userId || form.userId === userId);
}
