// The "@name" list of company members in task items: a small listbox positioned at the caret,
// driven by the keyboard through TipTap's suggestion plugin (↑ ↓ to move, Enter or Tab to pick,
// Escape to close).
import type { MentionOptions } from '@tiptap/extension-mention';
import { fold } from '$lib/fold';

type Member = { id: string; name: string };
type Suggestion = MentionOptions['suggestion'];

const MAX_ITEMS = 6;

/**
 * The members whose name holds `query`, accents and capitals aside ("@elodie" finds Élodie, as
 * the search does: a phone keyboard rarely offers the accent), at most MAX_ITEMS.
 */
export function membersMatching<T extends Member>(members: T[], query: string): T[] {
	const wanted = fold(query);
	return members.filter((member) => fold(member.name).includes(wanted)).slice(0, MAX_ITEMS);
}

type Box = { left: number; top: number; bottom: number };
type Size = { width: number; height: number };

/** The gap between the caret's line and the list. */
const GAP = 4;
/** The least distance from the screen's edges. */
const MARGIN = 8;

/**
 * Where the list goes (fixed, in the viewport's pixels): under the caret, or above it when it would
 * run past the bottom of the screen (typing on a document's last line, or above a phone's
 * keyboard) and there is more room above; always within the screen's width.
 */
export function mentionListPosition(caret: Box, list: Size, screen: Size) {
	const left = Math.max(MARGIN, Math.min(caret.left, screen.width - list.width - MARGIN));
	const below = caret.bottom + GAP;
	const roomBelow = screen.height - MARGIN - below;
	const roomAbove = caret.top - GAP - MARGIN;
	const top =
		list.height <= roomBelow || roomBelow >= roomAbove
			? below
			: Math.max(MARGIN, caret.top - GAP - list.height);
	return { left, top };
}

export function memberSuggestion(members: Member[], labels: { none: string; list: string }) {
	const suggestion: Omit<Suggestion, 'editor'> = {
		items: ({ query }: { query: string }) => membersMatching(members, query),
		render: () => {
			let list: HTMLUListElement | null = null;
			let items: Member[] = [];
			let index = 0;
			let pick: (item: Member) => void = () => {};

			const draw = () => {
				if (!list) return;
				list.replaceChildren(
					...(items.length === 0
						? [Object.assign(document.createElement('li'), { textContent: labels.none })]
						: items.map((item, i) => {
								const option = document.createElement('li');
								option.id = `mention-option-${i}`;
								option.setAttribute('role', 'option');
								option.setAttribute('aria-selected', String(i === index));
								option.textContent = item.name;
								option.addEventListener('mousedown', (event) => {
									event.preventDefault();
									pick(item);
								});
								return option;
							}))
				);
			};
			const place = (rect: (() => DOMRect | null) | null | undefined) => {
				const box = rect?.();
				if (!list || !box) return;
				// The visual viewport leaves out a phone's on-screen keyboard.
				const screen = {
					width: window.innerWidth,
					height: window.visualViewport?.height ?? window.innerHeight
				};
				const { left, top } = mentionListPosition(
					box,
					{ width: list.offsetWidth, height: list.offsetHeight },
					screen
				);
				list.style.left = `${left}px`;
				list.style.top = `${top}px`;
			};

			return {
				onStart: (props) => {
					list = document.createElement('ul');
					list.className = 'mention-list';
					list.setAttribute('role', 'listbox');
					list.setAttribute('aria-label', labels.list);
					document.body.append(list);
					items = props.items as Member[];
					index = 0;
					pick = (item) => props.command({ id: item.id, label: item.name });
					draw();
					place(props.clientRect);
				},
				onUpdate: (props) => {
					items = props.items as Member[];
					index = 0;
					pick = (item) => props.command({ id: item.id, label: item.name });
					draw();
					place(props.clientRect);
				},
				onKeyDown: ({ event }) => {
					if (event.key === 'Escape') {
						list?.remove();
						list = null;
						return true;
					}
					if (!list || items.length === 0) return false;
					if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
						const step = event.key === 'ArrowDown' ? 1 : -1;
						index = (index + step + items.length) % items.length;
						draw();
						return true;
					}
					if (event.key === 'Enter' || event.key === 'Tab') {
						pick(items[index]);
						return true;
					}
					return false;
				},
				onExit: () => {
					list?.remove();
					list = null;
				}
			};
		}
	};
	return suggestion;
}
