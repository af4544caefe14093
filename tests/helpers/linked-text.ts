// Link marks the way y-prosemirror stores them, written straight into TipTap's fragment: what a
// raw Yjs client can send, whatever the editor would have allowed.
import * as Y from 'yjs';

/** Appends one paragraph to `doc` holding each [text, href] run as a linked run (one transaction). */
export function appendLinkedParagraph(doc: Y.Doc, runs: Array<[string, string]>): void {
	doc.transact(() => {
		const text = new Y.XmlText();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [text]);
		doc.getXmlFragment('default').push([paragraph]);
		let at = 0;
		for (const [run, href] of runs) {
			text.insert(at, run, { link: { href } });
			at += run.length;
		}
	});
}
