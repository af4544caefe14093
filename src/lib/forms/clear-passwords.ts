import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms with passwords: after the answer, password fields are emptied, as a
 * page rendered by the server (without JavaScript) never sends a password back.
 */
export const clearPasswords: SubmitFunction =
	({ formElement }) =>
	async ({ update }) => {
		await update();
		for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]')) {
			input.value = '';
		}
	};
