// A paste (or a drop) too large for the collaboration server is refused in the editor, with a
// message, before it becomes a Yjs update. The server closes a socket that sends a frame over
// its limit (2 MiB, CloseCode.messageTooBig), and the editor cannot take an update back once
// made: every reconnection would send it again and be closed again, and nothing typed after it
// would ever be saved (live-sync.ts stops and says so, as the last resort).
import { Extension } from '@tiptap/core';
import type { Fragment, Schema } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ReplaceAroundStep, ReplaceStep } from '@tiptap/pm/transform';
import { prosemirrorToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * The largest paste, as a Yjs update: half the server's frame limit, so that what is already
 * waiting to be sent (changes made offline go out in one frame with the next) still fits.
 */
export const MAX_PASTE_BYTES = 1024 * 1024;

/** The size of `content` as the Yjs update that inserting it makes, in bytes. */
export function yjsBytes(schema: Schema, content: Fragment): number {
	const doc = new Y.Doc();
	try {
		prosemirrorToYXmlFragment(schema.topNodeType.create(null, content), doc.getXmlFragment());
		return Y.encodeStateAsUpdate(doc).byteLength;
	} finally {
		doc.destroy();
	}
}

/**
 * What a transaction inserts, in bytes as a Yjs update. Every paste is measured, small ones too: a
 * few characters may carry a long link or mention label, and building a small paste in Yjs once
 * more costs next to nothing.
 */
export function insertedBytes(schema: Schema, transaction: Transaction): number {
	let total = 0;
	for (const step of transaction.steps) {
		if (!(step instanceof ReplaceStep || step instanceof ReplaceAroundStep)) continue;
		const content = step.slice.content;
		if (content.size > 0) total += yjsBytes(schema, content);
	}
	return total;
}

const guardKey = new PluginKey('paste-size-guard');

/** Refuses pastes and drops over MAX_PASTE_BYTES; `onRefused` is told their size. */
export const PasteSizeGuard = Extension.create<{ onRefused: (bytes: number) => void }>({
	name: 'pasteSizeGuard',
	addOptions() {
		return { onRefused: () => {} };
	},
	addProseMirrorPlugins() {
		const { onRefused } = this.options;
		return [
			new Plugin({
				key: guardKey,
				filterTransaction: (transaction, state) => {
					const event = transaction.getMeta('uiEvent');
					if (event !== 'paste' && event !== 'drop') return true;
					const bytes = insertedBytes(state.schema, transaction);
					if (bytes <= MAX_PASTE_BYTES) return true;
					onRefused(bytes);
					return false;
				}
			})
		];
	}
});
