// A destructive action (removing someone, leaving, deleting a document) asks first. With
// JavaScript, ConfirmDialog asks, and its form sends this field. A post without it — no
// JavaScript, or a click before the page came alive, which a slow link makes likely — gets the
// question back from the server, as a form in the page (InlineConfirm), instead of the action.

/** The field a confirmed destructive action carries. */
export const CONFIRMED_FIELD = 'confirmed';

/** Whether the posted form was confirmed by the person. */
export function isConfirmed(data: FormData): boolean {
	return data.get(CONFIRMED_FIELD) === 'yes';
}
