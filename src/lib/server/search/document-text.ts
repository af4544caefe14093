// The plain text of a document for the search index: what a person reads in the editor, block by
// block, without marks or attributes. Read from the Y.XmlFragment TipTap writes (see
// documents/yjs-nodes.ts), like the exports; unknown nodes keep their text.
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from '../documents/live';

/** Inline nodes whose text is an attribute, not a child (a mention shows "@label"). */
const INLINE_LABELS: Record<string, (attrs: Record<string, unknown>) => string> = {
	mention: (attrs) => (typeof attrs.label === 'string' ? `@${attrs.label}` : ''),
	hardBreak: () => '\n'
};

// Characters FTS5's snippet() markers use (see query.ts): never part of indexed text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function collect(parent: Y.XmlFragment | Y.XmlElement, lines: string[], current: string[]): void {
	for (const child of parent.toArray()) {
		if (child instanceof Y.XmlText) {
			current.push(textOf(child));
		} else if (child instanceof Y.XmlElement) {
			const inline = INLINE_LABELS[child.nodeName];
			if (inline) {
				current.push(inline(child.getAttributes() as Record<string, unknown>));
				continue;
			}
			// A block: what came before it ends a line, its own text is a line (or several).
			flush(lines, current);
			collect(child, lines, current);
			flush(lines, current);
		}
	}
}

/** An XmlText's characters without its formatting (toString() would write marks as tags). */
function textOf(text: Y.XmlText): string {
	let out = '';
	for (const op of text.toDelta() as Array<{ insert: unknown }>) {
		if (typeof op.insert === 'string') out += op.insert;
	}
	return out;
}

function flush(lines: string[], current: string[]): void {
	const line = current.join('').trim();
	current.length = 0;
	if (line) lines.push(line);
}

/** The document's text, one line per block, from a live Y.Doc. */
export function documentText(doc: Y.Doc): string {
	const lines: string[] = [];
	const current: string[] = [];
	collect(doc.getXmlFragment(CONTENT_FRAGMENT), lines, current);
	flush(lines, current);
	return lines.join('\n').replace(CONTROL, ' ');
}

/** The same from a stored state (an update applied to an empty document). */
export function stateText(state: Uint8Array): string {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return documentText(doc);
	} finally {
		doc.destroy();
	}
}

/** The text of one block (a task's line, say), its lines joined by spaces. */
export function elementText(element: Y.XmlElement): string {
	const lines: string[] = [];
	const current: string[] = [];
	collect(element, lines, current);
	flush(lines, current);
	return lines.join(' ').replace(CONTROL, ' ');
}
