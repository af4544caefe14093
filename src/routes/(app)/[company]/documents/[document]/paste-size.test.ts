import { getSchema } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Mention } from '@tiptap/extension-mention';
import { Fragment, Slice, type Node as ProseMirrorNode, type Schema } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { StarterKit } from '@tiptap/starter-kit';
import { describe, expect, it, vi } from 'vitest';
import { MAX_PASTE_BYTES, PasteSizeGuard, yjsBytes } from './paste-size';

// The editor's schema (Editor.svelte's extensions that define nodes and marks).
const extensions = [StarterKit.configure({ undoRedo: false }), TaskList, TaskItem, Mention];
const schema: Schema = getSchema(extensions);

const paragraphs = (count: number, text: string) =>
	Fragment.fromArray(
		Array.from({ length: count }, (_, n) =>
			schema.node('paragraph', null, schema.text(`${text}${n}`))
		)
	);

/** An editor state with the guard, and what the guard reported. */
function guarded() {
	const refused = vi.fn<(bytes: number) => void>();
	const guard = PasteSizeGuard.configure({ onRefused: refused });
	// The extension's plugin, as Tiptap would build it (the options are all it reads).
	const plugins = guard.config.addProseMirrorPlugins!.call({
		options: { onRefused: refused }
	} as never);
	const doc = schema.node('doc', null, [schema.node('paragraph', null, schema.text('Avant'))]);
	return { state: EditorState.create({ schema, doc, plugins }), refused };
}

const paste = (state: EditorState, content: Fragment, uiEvent = 'paste') =>
	state.apply(state.tr.replaceSelection(new Slice(content, 0, 0)).setMeta('uiEvent', uiEvent));

const text = (doc: ProseMirrorNode) => doc.textContent;

describe('the size of a paste as a Yjs update', () => {
	it('is about its text for plain text, and grows with its paragraphs and marks', () => {
		const plain = yjsBytes(schema, paragraphs(1, 'x'.repeat(100_000)));
		expect(plain).toBeGreaterThan(100_000);
		expect(plain).toBeLessThan(100_200);
		// Accented text is UTF-8: two bytes a letter here.
		expect(yjsBytes(schema, paragraphs(1, 'é'.repeat(100_000)))).toBeGreaterThan(200_000);
		// Ten thousand short paragraphs weigh far more than their 70 000 letters.
		expect(yjsBytes(schema, paragraphs(10_000, 'ligne'))).toBeGreaterThan(200_000);
	});
});

describe('the paste guard', () => {
	it('refuses a paste over the limit, says how large it was, and leaves the document as it was', () => {
		const { state, refused } = guarded();
		const huge = paragraphs(1, 'x'.repeat(MAX_PASTE_BYTES + 10_000));
		const after = paste(state, huge);
		expect(text(after.doc)).toBe('Avant');
		expect(refused).toHaveBeenCalledOnce();
		expect(refused.mock.calls[0][0]).toBeGreaterThan(MAX_PASTE_BYTES);
	});

	it('refuses a drop over the limit, and one made of many small paragraphs', () => {
		const { state, refused } = guarded();
		expect(text(paste(state, paragraphs(1, 'y'.repeat(MAX_PASTE_BYTES + 1)), 'drop').doc)).toBe(
			'Avant'
		);
		// 80 000 paragraphs of 8 letters: 640 000 letters, but over a megabyte as an update.
		const many = paragraphs(80_000, 'ligne');
		expect(yjsBytes(schema, many)).toBeGreaterThan(MAX_PASTE_BYTES);
		expect(text(paste(state, many).doc)).toBe('Avant');
		expect(refused).toHaveBeenCalledTimes(2);
	});

	it('refuses a short paste that carries a huge link', () => {
		const { state, refused } = guarded();
		const link = schema.marks.link.create({
			href: `https://example.org/${'a'.repeat(MAX_PASTE_BYTES)}`
		});
		const content = Fragment.from(schema.node('paragraph', null, schema.text('ici', [link])));
		expect(text(paste(state, content).doc)).toBe('Avant');
		expect(refused).toHaveBeenCalledOnce();
	});

	it('lets a large paste under the limit through, and never looks at typing', () => {
		const { state, refused } = guarded();
		const large = paragraphs(1, 'z'.repeat(MAX_PASTE_BYTES - 10_000));
		expect(text(paste(state, large).doc)).toHaveLength(
			'Avant'.length + MAX_PASTE_BYTES - 10_000 + 1
		);
		// A transaction that is not a paste or a drop (typing, a remote change) is never refused.
		const typed = state.apply(state.tr.insertText('x'.repeat(MAX_PASTE_BYTES + 1)));
		expect(text(typed.doc).length).toBeGreaterThan(MAX_PASTE_BYTES);
		expect(refused).not.toHaveBeenCalled();
	});
});
