// The header's switcher in the browser: the companies and operators the root layout loaded, less
// those the person lost while one of their pages was open (its live stream said so), which would
// now lead to a 404. Made by the root layout and shared through context, as the bell is: the
// header is the root layout's, the news comes to a company's or an operator's layout.
//
// The root load is not run again for it (`depends` and `invalidate`): the company pages that await
// parent() (the board, the plan, the team's week, a stand-up) would run again with it, and their
// 404 would take the place of the page that says why the company's pages are gone.
import { getContext, setContext } from 'svelte';

const CONTEXT_KEY = Symbol('hameau.switcher');

type Space = { name: string; slug: string };

export class SwitcherSpaces {
	/**
	 * The spaces left, each with the loaded list it leaves: a later load (a new list) shows what
	 * is true then, and so ends it. Raw: the lists are told apart by identity.
	 */
	private left = $state.raw<Array<{ from: readonly Space[]; slug: string }>>([]);

	/** @param loaded the companies and operators of the latest root load (read again after each) */
	constructor(private readonly loaded: () => { companies: Space[]; operators: Space[] }) {}

	readonly companies = $derived.by(() => this.still(this.loaded().companies));
	readonly operators = $derived.by(() => this.still(this.loaded().operators));

	/** The person's access to a company or an operator (its slug) ended: no longer offered. */
	leave(kind: 'company' | 'operator', slug: string): void {
		const { companies, operators } = this.loaded();
		this.left = [...this.left, { from: kind === 'company' ? companies : operators, slug }];
	}

	private still(list: Space[]): Space[] {
		return list.filter(
			(space) => !this.left.some((left) => left.from === list && left.slug === space.slug)
		);
	}
}

export function setSwitcherSpaces(spaces: SwitcherSpaces): void {
	setContext(CONTEXT_KEY, spaces);
}

export function getSwitcherSpaces(): SwitcherSpaces | undefined {
	return getContext<SwitcherSpaces | undefined>(CONTEXT_KEY);
}
