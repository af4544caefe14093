// Opening a document at a search hit (`?find=`): the first occurrence of the word, found the way
// the search index reads text (accents and capitals folded), is selected, scrolled to and marked
// until the person edits. Remote edits keep the mark where it is (it maps through them).
import { Extension, type Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { fold } from '$lib/fold';

type Range = { from: number; to: number };

const findKey = new PluginKey<DecorationSet>('search-find');
/** y-prosemirror's meta on the transactions that bring other people's changes. */
const REMOTE_META = 'y-sync$';

/** The first range of text matching `needle` (folded) within one text block, or null. */
export function findText(doc: ProseMirrorNode, needle: string): Range | null {
	const target = [...needle.trim()].map(fold).join('');
	if (!target) return null;
	let found: Range | null = null;
	doc.descendants((node, pos) => {
		if (found) return false;
		if (!node.isTextblock) return true;
		// The block's folded text, with where each folded unit starts and ends in the document.
		let text = '';
		const starts: number[] = [];
		const ends: number[] = [];
		node.forEach((child, offset) => {
			if (!child.isText || !child.text) return;
			let at = pos + 1 + offset;
			for (const char of child.text) {
				// One character as the index reads it (may fold to more units, or none).
				for (const unit of fold(char).split('')) {
					text += unit;
					starts.push(at);
					ends.push(at + char.length);
				}
				at += char.length;
			}
		});
		const index = text.indexOf(target);
		if (index !== -1) found = { from: starts[index], to: ends[index + target.length - 1] };
		return false;
	});
	return found;
}

/** The mark on a found range: drawn as a decoration, gone at the person's first edit. */
export const FindHighlight = Extension.create({
	name: 'searchFind',
	addProseMirrorPlugins() {
		return [
			new Plugin<DecorationSet>({
				key: findKey,
				state: {
					init: () => DecorationSet.empty,
					apply(tr, set) {
						const range = tr.getMeta(findKey) as Range | undefined;
						if (range) {
							return DecorationSet.create(tr.doc, [
								Decoration.inline(range.from, range.to, { nodeName: 'mark', class: 'search-hit' })
							]);
						}
						if (tr.docChanged && !tr.getMeta(REMOTE_META)) return DecorationSet.empty;
						return set.map(tr.mapping, tr.doc);
					}
				},
				props: {
					decorations: (state) => findKey.getState(state)
				}
			})
		];
	}
});

/** Selects, marks and scrolls to the first match; false when the text holds none (yet). */
export function revealMatch(editor: Editor, needle: string): boolean {
	const { state, view } = editor;
	const range = findText(state.doc, needle);
	if (!range) return false;
	view.dispatch(
		state.tr
			.setSelection(TextSelection.create(state.doc, range.from, range.to))
			.setMeta(findKey, range)
	);
	// The page scrolls, not only the editor: its own scrollIntoView keeps to the nearest edge.
	const { node } = view.domAtPos(range.from);
	const element = node instanceof Element ? node : node.parentElement;
	element?.scrollIntoView({ block: 'center' });
	return true;
}
