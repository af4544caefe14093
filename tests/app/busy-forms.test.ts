// The busy state every enhanced form goes through: a form on its way is not sent again, and it is
// released once the page has the answer — whatever the answer, and when the send is called off.
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { isBusy, markBusy, withBusyState, type BusyForm } from '../../src/lib/forms/busy';

/** Just enough of an element for the busy state: attributes, and `disabled` for a button. */
class Element {
	readonly attributes = new Map<string, string>();
	disabled = false;
	/** A form's submit buttons, the first of them first. */
	private readonly buttons: Element[];
	constructor(...buttons: Element[]) {
		this.buttons = buttons;
	}
	getAttribute(name: string) {
		return this.attributes.get(name) ?? null;
	}
	setAttribute(name: string, value: string) {
		this.attributes.set(name, value);
	}
	removeAttribute(name: string) {
		this.attributes.delete(name);
	}
	querySelector() {
		return (this.buttons[0] ?? null) as unknown as ReturnType<BusyForm['querySelector']>;
	}
	querySelectorAll() {
		return this.buttons as unknown as ReturnType<BusyForm['querySelectorAll']>;
	}
}

type Submit = SubmitFunction<Record<string, unknown>, Record<string, unknown>>;
type Input = Parameters<Submit>[0];
type After = Parameters<Exclude<Awaited<ReturnType<Submit>>, void>>[0];

/** What SvelteKit's enhance hands the submit function, for one send of `form`. */
function send(form: Element, submitter: Element | null) {
	const sent = { cancelled: false, controller: new AbortController() };
	const input = {
		action: new URL('http://localhost/documents?/create'),
		formData: new FormData(),
		formElement: form as unknown as HTMLFormElement,
		controller: sent.controller,
		submitter: submitter as unknown as HTMLElement,
		cancel: () => (sent.cancelled = true)
	} satisfies Input;
	return { input, sent };
}

/** What SvelteKit's enhance hands the callback once the answer is in. */
function answer(form: Element, updates: string[]): After {
	const result: ActionResult = { type: 'success', status: 200 };
	return {
		action: new URL('http://localhost/documents?/create'),
		formData: new FormData(),
		formElement: form as unknown as HTMLFormElement,
		result,
		update: async () => {
			updates.push('update');
		}
	};
}

describe('busy forms', () => {
	it('marks the form busy and disables the button that sent it, until released once', () => {
		const button = new Element();
		const form = new Element();
		const release = markBusy(form, button);
		expect(isBusy(form)).toBe(true);
		expect(form.getAttribute('aria-busy')).toBe('true');
		expect(button.disabled).toBe(true);
		expect(button.getAttribute('data-busy')).toBe('');
		release();
		release();
		expect(isBusy(form)).toBe(false);
		expect(button.disabled).toBe(false);
		expect(button.getAttribute('data-busy')).toBeNull();
	});

	it('leaves a button that was disabled before disabled', () => {
		const button = new Element();
		button.disabled = true;
		const form = new Element();
		markBusy(form, button)();
		expect(button.disabled).toBe(true);
	});

	it('disables the form’s other buttons too, without the spinner, and frees them with it', () => {
		// "Set status" sent the form; "Clear status" pressed meanwhile would be dropped unseen.
		const save = new Element();
		const clear = new Element();
		const alreadyOff = new Element();
		alreadyOff.disabled = true;
		const form = new Element(save, clear, alreadyOff);
		const release = markBusy(form, save);
		expect(save.disabled).toBe(true);
		expect(save.getAttribute('data-busy')).toBe('');
		expect(clear.disabled).toBe(true);
		expect(clear.getAttribute('data-busy')).toBeNull();
		release();
		expect(save.disabled).toBe(false);
		expect(clear.disabled).toBe(false);
		expect(alreadyOff.disabled).toBe(true);
	});

	it('uses the first submit button when the form was sent without one (requestSubmit)', () => {
		const button = new Element();
		const form = new Element(button);
		const release = markBusy(form, null);
		expect(button.disabled).toBe(true);
		release();
		expect(button.disabled).toBe(false);
	});

	it('drops a second send while the first is on its way, and takes the next one after', async () => {
		const button = new Element();
		const form = new Element();
		const updates: string[] = [];
		const submit = withBusyState();

		const first = send(form, button);
		const after = await submit(first.input);
		expect(first.sent.cancelled).toBe(false);
		expect(isBusy(form)).toBe(true);

		const second = send(form, button);
		expect(await submit(second.input)).toBeUndefined();
		expect(second.sent.cancelled).toBe(true);

		// SvelteKit's default after the answer (update) runs, then the form is free again.
		await after?.(answer(form, updates));
		expect(updates).toEqual(['update']);
		expect(isBusy(form)).toBe(false);
		expect(button.disabled).toBe(false);

		const third = send(form, button);
		await submit(third.input);
		expect(third.sent.cancelled).toBe(false);
	});

	it('runs the form’s own callback instead of the default, and stays busy until it is done', async () => {
		const form = new Element();
		const seen: string[] = [];
		const submit = withBusyState(() => async ({ update }) => {
			seen.push(`busy during callback: ${isBusy(form)}`);
			await update({ reset: false });
		});
		const after = await submit(send(form, new Element()).input);
		await after?.(answer(form, seen));
		expect(seen).toEqual(['busy during callback: true', 'update']);
		expect(isBusy(form)).toBe(false);
	});

	it('is free again when the form’s own submit function cancels the send', async () => {
		const form = new Element();
		const submit = withBusyState(({ cancel }) => cancel());
		const { input, sent } = send(form, new Element());
		expect(await submit(input)).toBeUndefined();
		expect(sent.cancelled).toBe(true);
		expect(isBusy(form)).toBe(false);
	});

	it('is free again when the answer’s callback fails, or the send is aborted', async () => {
		const form = new Element();
		const failing = withBusyState(() => () => {
			throw new Error('the page could not take the answer in');
		});
		const after = await failing(send(form, new Element()).input);
		await expect(after?.(answer(form, []))).rejects.toThrow('could not take');
		expect(isBusy(form)).toBe(false);

		const aborted = send(form, new Element());
		await withBusyState()(aborted.input);
		expect(isBusy(form)).toBe(true);
		aborted.sent.controller.abort();
		expect(isBusy(form)).toBe(false);
	});
});
