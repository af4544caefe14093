import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	attachmentHeader,
	documentBodyHtml,
	documentHtml,
	documentMarkdown,
	exportFileName
} from '../../src/lib/server/documents/export';
import { templateUpdate } from '../../src/lib/server/documents/templates';
import { textLanguage } from '../../src/lib/server/documents/text-language';
import { contentUpdate, heading, paragraph } from '../../src/lib/server/documents/yjs-nodes';

type Child = Y.XmlElement | Y.XmlText;

function el(name: string, attrs: Record<string, unknown>, children: Child[] = []): Y.XmlElement {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
	if (children.length) node.insert(0, children);
	return node;
}

/** Text runs with marks, the way y-prosemirror stores them (mark name → mark attributes). */
function text(...runs: Array<[string, Record<string, object>?]>): Y.XmlText {
	const t = new Y.XmlText();
	const pending: Array<[string, Record<string, object>?]> = runs;
	// Inserting into a detached Y.XmlText keeps only plain text: fill it once it is in a document.
	(t as unknown as { _hameauRuns: typeof pending })._hameauRuns = pending;
	return t;
}

/** A fixed document with every node and mark the editor offers. */
function fixture(): Uint8Array {
	const doc = new Y.Doc();
	const fragment = doc.getXmlFragment('default');
	const texts: Y.XmlText[] = [];
	const p = (...runs: Array<[string, Record<string, object>?]>) => {
		const t = text(...runs);
		texts.push(t);
		return el('paragraph', {}, [t]);
	};
	fragment.insert(0, [
		el('heading', { level: 2 }, [(texts.push(text(['Plan & <goals>'])), texts.at(-1)!)]),
		p(['Plain, '], ['bold', { bold: {} }], [' and '], ['both', { bold: {}, italic: {} }], ['.']),
		p(
			['See '],
			['the site', { link: { href: 'https://example.org/a b' } }],
			[' or '],
			['this', { link: { href: 'javascript:alert(1)' } }]
		),
		p(
			['Use '],
			['npm `run`', { code: {} }],
			[' and '],
			['old', { strike: {} }],
			[' '],
			['under', { underline: {} }]
		),
		p(['<script>alert("x")</script> * not a list']),
		el('bulletList', {}, [el('listItem', {}, [p(['one'])]), el('listItem', {}, [p(['two'])])]),
		el('orderedList', { start: 3 }, [el('listItem', {}, [p(['third'])])]),
		el('taskList', {}, [
			el('taskItem', { checked: true }, [
				p(['Book the room — due Monday']),
				el('taskList', {}, [el('taskItem', { checked: false }, [p(['nested'])])])
			]),
			el('taskItem', { checked: false }, [
				el('paragraph', {}, [
					(texts.push(text(['Call '])), texts.at(-1)!),
					el('mention', { id: 'u1', label: 'Bastien <Roux>' }),
					(texts.push(text([' by Friday'])), texts.at(-1)!)
				])
			])
		]),
		el('blockquote', {}, [p(['quoted'])]),
		el('codeBlock', { language: 'ts' }, [
			(texts.push(text(['const a = "<b>";\n```'])), texts.at(-1)!)
		]),
		el('horizontalRule', {}),
		el('paragraph', {}, [
			(texts.push(text(['line one'])), texts.at(-1)!),
			el('hardBreak', {}),
			(texts.push(text(['line two'])), texts.at(-1)!)
		])
	]);
	for (const t of texts) {
		const runs = (t as unknown as { _hameauRuns: Array<[string, Record<string, object>?]> })
			._hameauRuns;
		let at = 0;
		for (const [insert, marks] of runs) {
			t.insert(at, insert, marks ?? {});
			at += insert.length;
		}
	}
	return Y.encodeStateAsUpdate(doc);
}

describe('Markdown export', () => {
	it('writes every node and mark of a fixed document', () => {
		expect(documentMarkdown('Semaine 12', fixture())).toBe(
			[
				'# Semaine 12',
				'',
				'## Plan & \\<goals\\>',
				'',
				'Plain, **bold** and **_both_**.',
				'',
				'See [the site](<https://example.org/a%20b>) or this',
				'',
				'Use `` npm `run` `` and ~~old~~ <u>under</u>',
				'',
				'\\<script\\>alert("x")\\</script\\> \\* not a list',
				'',
				'- one',
				'- two',
				'',
				'3. third',
				'',
				'- [x] Book the room — due Monday',
				'  - [ ] nested',
				'- [ ] Call @Bastien \\<Roux\\> by Friday',
				'',
				'> quoted',
				'',
				'````ts',
				'const a = "<b>";',
				'```',
				'````',
				'',
				'---',
				'',
				'line one\\',
				'line two',
				''
			].join('\n')
		);
	});

	it('escapes what would start a block at the beginning of a paragraph', () => {
		const doc = new Y.Doc();
		const t = new Y.XmlText();
		doc.getXmlFragment('default').insert(0, [el('paragraph', {}, [t])]);
		t.insert(0, '# not a heading');
		expect(documentMarkdown('T', Y.encodeStateAsUpdate(doc))).toBe('# T\n\n\\# not a heading\n');
	});

	it('escapes it at the start of each line after a break too, and keeps a heading on one line', () => {
		const doc = new Y.Doc();
		const lines = ['Courses', '# pas un titre', '- pas une liste', '1. pas une liste', '--', '='];
		const children: Child[] = [];
		const texts = lines.map(() => new Y.XmlText());
		texts.forEach((t, i) => {
			if (i > 0) children.push(el('hardBreak', {}));
			children.push(t);
		});
		const title = [new Y.XmlText(), new Y.XmlText()];
		doc
			.getXmlFragment('default')
			.insert(0, [
				el('heading', { level: 2 }, [title[0], el('hardBreak', {}), title[1]]),
				el('paragraph', {}, children)
			]);
		texts.forEach((t, i) => t.insert(0, lines[i]));
		title[0].insert(0, 'Liste');
		title[1].insert(0, 'de la semaine');
		expect(documentMarkdown('T', Y.encodeStateAsUpdate(doc))).toBe(
			'# T\n\n## Liste de la semaine\n\n' +
				'Courses\\\n\\# pas un titre\\\n\\- pas une liste\\\n1\\. pas une liste\\\n--\\\n\\=\n'
		);
	});
});

describe('HTML export', () => {
	it('writes every node and mark, escaping text and attributes', () => {
		const html = documentBodyHtml(fixture());
		expect(html).toContain('<h2>Plan &amp; &lt;goals&gt;</h2>');
		expect(html).toContain(
			'<p>Plain, <strong>bold</strong> and <strong><em>both</em></strong>.</p>'
		);
		expect(html).toContain(
			'<a href="https://example.org/a b" rel="noopener noreferrer">the site</a>'
		);
		// A javascript: link keeps its text and loses its address.
		expect(html).toContain(' or this</p>');
		expect(html).not.toContain('javascript:');
		expect(html).toContain('<code>npm `run`</code>');
		expect(html).toContain('<s>old</s> <u>under</u>');
		expect(html).toContain('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; * not a list</p>');
		expect(html).not.toContain('<script>');
		expect(html).toContain('<ol start="3">');
		expect(html).toContain(
			'<li class="task"><input type="checkbox" disabled checked> <div><p>Book the room — due Monday</p>'
		);
		expect(html).toContain('<span class="mention" data-id="u1">@Bastien &lt;Roux&gt;</span>');
		expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
		expect(html).toContain(
			'<pre><code class="language-ts">const a = &quot;&lt;b&gt;&quot;;\n```</code></pre>'
		);
		expect(html).toContain('<hr>');
		expect(html).toContain('<p>line one<br>line two</p>');
	});

	it('wraps the content in a standalone page with an escaped title', () => {
		const page = documentHtml('Notes <du> "lundi"', fixture());
		// The fixture's text is English ("Book the room", "by Friday"), whatever its title's words.
		expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
		expect(page).toContain('<title>Notes &lt;du&gt; &quot;lundi&quot;</title>');
		expect(page).toContain('<h1>Notes &lt;du&gt; &quot;lundi&quot;</h1>');
	});

	it('names the attachment after the title, safely', () => {
		expect(exportFileName('Réunion: 3/07 "équipe"', 'md')).toBe('Réunion 3 07 équipe.md');
		expect(exportFileName('   ', 'html')).toBe('document.html');
		expect(attachmentHeader('Réunion.md')).toBe(
			`attachment; filename="Reunion.md"; filename*=UTF-8''R%C3%A9union.md`
		);
	});
});

describe('the language of an HTML export', () => {
	// The page holds the authors' words only: its <html lang> is theirs. It was the reader's, so an
	// English reader's export of French notes declared them English (a screen reader spoke them with
	// English sounds).
	const written = (...lines: string[]) =>
		contentUpdate(lines.map((line, i) => (i === 0 ? heading(2, line) : paragraph(line))));

	it('is the language the document is written in, whoever exports it', () => {
		expect(documentHtml('Semaine 49', templateUpdate('weekly_plan', 'fr')!)).toMatch(
			/^<!doctype html>\n<html lang="fr">/
		);
		expect(documentHtml('Week 49', templateUpdate('weekly_plan', 'en')!)).toMatch(
			/^<!doctype html>\n<html lang="en">/
		);
		const notes = written(
			'Réunion de lundi',
			'Nous avons revu le budget de la maison avec l’équipe de Murat.',
			'Bastien s’occupe des devis pour la toiture.'
		);
		expect(documentHtml('Compte rendu', notes)).toMatch(/<html lang="fr">/);
	});

	it('is declared unknown when the words do not tell, rather than guessed', () => {
		expect(documentHtml('Plan', written())).toMatch(/^<!doctype html>\n<html lang="">/);
		expect(documentHtml('Protokoll', written('Die Sitzung wurde verschoben.'))).toMatch(
			/<html lang="">/
		);
	});

	it('tells French from English by their little words, not by the names quoted in them', () => {
		expect(textLanguage('Le point budget est reporté à jeudi, faute de chiffres.')).toBe('fr');
		expect(textLanguage('The budget review moves to Thursday, for want of figures.')).toBe('en');
		// Elisions count: "l’", "d’", "qu’".
		expect(textLanguage('L’ordre d’arrivée qu’on garde')).toBe('fr');
		// An English sentence naming French houses stays English.
		expect(
			textLanguage('We meet at the Maison de la Grange, then at the Café des Tilleuls, with Ana.')
		).toBe('en');
		// Too few words, or as many of each: unknown.
		expect(textLanguage('Objectifs')).toBeNull();
		expect(textLanguage('the plan de la semaine and the notes du jour')).toBeNull();
		// Spanish, Italian and Portuguese share French's little words ("la", "de", "que", "un"):
		// neither of ours, not French.
		expect(
			textLanguage('El plan de la semana que viene: las reuniones del equipo con los clientes.')
		).toBeNull();
		expect(
			textLanguage('Il piano della settimana: le riunioni che sono con i clienti di questa casa.')
		).toBeNull();
		expect(
			textLanguage(
				'O plano da semana que vem: as reuniões da equipe com os clientes e também a casa.'
			)
		).toBeNull();
		// A French text naming a Spanish place, or with a stray "para", stays French.
		expect(
			textLanguage(
				'Nous partons pour la Casa del Sol, le trajet est long mais nous avons le temps.'
			)
		).toBe('fr');
	});
});
