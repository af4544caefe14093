// A deleted account's name taken out of a document's content. Two places hold it:
// - an "@mention": TipTap's inline `mention` node, whose `id` attribute is the user id and whose
//   `label` the name as it was when typed. Found by the id, so an older name goes too; the label
//   becomes the former-member wording and the id goes (the node refers to no one any more);
// - a stand-up summary, which writes names as plain text in a known shape (summary.ts): a
//   person's line ("Name" or "Name (absent, late)"), a blocker's owner ("text — Name (open)") and
//   the attendance lists ("late: Name, Other — absent: Name"). The name is replaced only where it
//   stands as one of those items, not wherever the letters appear.
// Pure functions on a Y.Doc: the collaboration server runs them on a loaded document (so the
// people editing it receive the change), store-side code on a stored state.
import * as Y from 'yjs';
import { CONTENT_FRAGMENT } from './live';

export type PersonErasure = {
	userId: string;
	/** What a mention of them reads now (the former-member wording, in the document's language). */
	mentionLabel: string;
	/** Names a stand-up summary wrote as text (empty for any other document). */
	summaryNames: string[];
	/**
	 * What replaces those names, in the summary's language, as a new summary would read: `person`
	 * for a person's line and the attendance lists ("Former member"), `owner` for a blocker's owner
	 * ("a former member").
	 */
	summaryLabels: { person: string; owner: string };
};

/** Takes the person out of the document's content, in one transaction; true when it changed. */
export function erasePerson(doc: Y.Doc, erasure: PersonErasure, origin?: unknown): boolean {
	let changed = false;
	doc.transact(() => {
		const names = summaryNamePattern(erasure.summaryNames);
		const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
			for (const child of parent.toArray()) {
				if (child instanceof Y.XmlElement) {
					if (child.nodeName === 'mention') {
						if (child.getAttribute('id') === erasure.userId) {
							child.setAttribute('label', erasure.mentionLabel);
							child.removeAttribute('id');
							changed = true;
						}
					} else walk(child);
				} else if (child instanceof Y.XmlText && names) {
					if (replaceNames(child, names, erasure.summaryLabels)) changed = true;
				}
			}
		};
		walk(doc.getXmlFragment(CONTENT_FRAGMENT));
	}, origin);
	return changed;
}

/**
 * A stored state (a version, a snapshot) with the person taken out, or null when it does not name
 * them. Encoded from a garbage-collected Y.Doc, so what the change replaced is not in the bytes
 * (a merged update would keep it, as deleted content): `rewriteAlways` re-encodes a state in
 * which a deleted struct may still hold the name even when nothing visible names them.
 */
export function erasedState(
	state: Uint8Array,
	erasure: PersonErasure,
	rewriteAlways = false
): Uint8Array | null {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		const changed = erasePerson(doc, erasure);
		return changed || rewriteAlways ? Y.encodeStateAsUpdate(doc) : null;
	} finally {
		doc.destroy();
	}
}

/**
 * Where the summary puts a name: after the line's start, ": " or ", " (a person's line, the
 * attendance lists) or "— " (a blocker's owner), and before its end, " (", "," or " —".
 */
function summaryNamePattern(names: string[]): RegExp | null {
	const distinct = [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))]
		// The longest first: "Ana Lopez" before "Ana".
		.sort((a, b) => b.length - a.length)
		.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	if (distinct.length === 0) return null;
	return new RegExp(`(?<=^|— |: |, )(?:${distinct.join('|')})(?=$| \\(|,| —)`, 'gu');
}

/** Replaces the names in one text node, keeping each place's formatting; true when it changed. */
function replaceNames(
	text: Y.XmlText,
	pattern: RegExp,
	labels: PersonErasure['summaryLabels']
): boolean {
	// Embeds count as one position in a Y.Text; a placeholder keeps the indexes aligned.
	let plain = '';
	for (const op of text.toDelta() as Array<{ insert: unknown }>) {
		plain += typeof op.insert === 'string' ? op.insert : '\ufffc';
	}
	const found = [...plain.matchAll(pattern)];
	// From the end, so the earlier indexes stay right.
	for (const match of found.reverse()) {
		const owner = plain.slice(Math.max(0, match.index - 2), match.index) === '— ';
		text.delete(match.index, match[0].length);
		text.insert(match.index, owner ? labels.owner : labels.person);
	}
	return found.length > 0;
}
