// Export of a document's Yjs state as Markdown (GitHub flavour, for task lists) and as a
// standalone HTML page. Both read the editor's Y.XmlFragment directly, through a small JSON tree
// shaped like ProseMirror's, for the nodes and marks the editor offers; unknown nodes keep their
// text so nothing typed is lost from an export.
import * as Y from 'yjs';
import { safeLinkHref } from '../../safe-url';
import { CONTENT_FRAGMENT } from './live';
import { textLanguage } from './text-language';

export type ExportMark = { type: string; attrs: Record<string, unknown> };
export type ExportNode = {
	type: string;
	attrs: Record<string, unknown>;
	content: ExportNode[];
	/** Only for type 'text'. */
	text?: string;
	marks?: ExportMark[];
};

/** y-prosemirror stores overlapping marks of one type as `name--hash`. */
const markName = (key: string) => key.split('--')[0];

function readChildren(parent: Y.XmlFragment | Y.XmlElement): ExportNode[] {
	const nodes: ExportNode[] = [];
	for (const child of parent.toArray()) {
		if (child instanceof Y.XmlText) {
			const delta = child.toDelta() as Array<{
				insert: unknown;
				attributes?: Record<string, unknown>;
			}>;
			for (const op of delta) {
				if (typeof op.insert !== 'string') continue;
				const marks = Object.entries(op.attributes ?? {}).map(([key, value]) => ({
					type: markName(key),
					attrs: value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
				}));
				nodes.push({ type: 'text', attrs: {}, content: [], text: op.insert, marks });
			}
		} else if (child instanceof Y.XmlElement) {
			nodes.push({
				type: child.nodeName,
				attrs: child.getAttributes() as Record<string, unknown>,
				content: readChildren(child)
			});
		}
	}
	return nodes;
}

/** The document's content as a ProseMirror-like tree (the top-level nodes of the 'doc'). */
export function documentTree(state: Uint8Array): ExportNode[] {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
		return readChildren(doc.getXmlFragment(CONTENT_FRAGMENT));
	} finally {
		doc.destroy();
	}
}

/** A file name for Content-Disposition: the title without characters file systems refuse. */
export function exportFileName(title: string, extension: 'md' | 'html'): string {
	const base =
		title
			.normalize('NFC')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 120) || 'document';
	return `${base}.${extension}`;
}

/** An attachment header that keeps accents (RFC 6266 filename*) with an ASCII fallback. */
export function attachmentHeader(fileName: string): string {
	const ascii = fileName
		.normalize('NFD')
		.replace(/[^\x20-\x7e]/g, '')
		.replace(/["\\]/g, '');
	return `attachment; filename="${ascii || 'document'}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

const MARK_ORDER = ['link', 'bold', 'italic', 'strike', 'underline', 'code'];
const rank = (mark: ExportMark) => {
	const index = MARK_ORDER.indexOf(mark.type);
	return index === -1 ? MARK_ORDER.length : index;
};
const sameMark = (a: ExportMark, b: ExportMark) =>
	a.type === b.type && JSON.stringify(a.attrs) === JSON.stringify(b.attrs);

/** Backslash-escapes what Markdown would read as syntax inside running text. */
function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_[\]<>~|]/g, (c) => `\\${c}`);
}

/**
 * What would start a block construct at the beginning of a line is escaped there: a heading, a
 * quote, a list item, or a line of "=" or "-" that would make the lines above it a heading.
 */
function escapeLineStart(line: string): string {
	return line
		.replace(/^(\s*)([#>+-])(?=\s|$)/, '$1\\$2')
		.replace(/^(\s*)(\d+)([.)])(?=\s|$)/, '$1$2\\$3')
		.replace(/^(\s*)(=+|-{2,})\s*$/, '$1\\$2');
}

/**
 * The same for each line of a paragraph: after a hard break a line starting "# " or "- " would
 * interrupt it as a heading or a list, in Markdown as in what reads it.
 */
function escapeLineStarts(text: string): string {
	return text.split('\n').map(escapeLineStart).join('\n');
}

function codeSpan(text: string): string {
	const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const fence = '`'.repeat(longest + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A link destination for `[text](<…>)`: the brackets hold spaces and angle brackets percent-encoded,
 * and backslashes and ampersands are escaped so a Markdown reader cannot turn `\:` or `&#58;` back
 * into the scheme the address check refused.
 */
function markdownDestination(href: string): string {
	return href.replace(/[<>\s]/g, encodeURIComponent).replace(/[\\&]/g, '\\$&');
}

function openMark(mark: ExportMark): string {
	switch (mark.type) {
		case 'bold':
			return '**';
		case 'italic':
			return '_';
		case 'strike':
			return '~~';
		case 'underline':
			return '<u>';
		case 'link':
			return safeLinkHref(mark.attrs.href) ? '[' : '';
		default:
			return '';
	}
}

function closeMark(mark: ExportMark): string {
	switch (mark.type) {
		case 'bold':
			return '**';
		case 'italic':
			return '_';
		case 'strike':
			return '~~';
		case 'underline':
			return '</u>';
		case 'link': {
			const href = safeLinkHref(mark.attrs.href);
			return href ? `](<${markdownDestination(href)}>)` : '';
		}
		default:
			return '';
	}
}

function inlineMarkdown(nodes: ExportNode[]): string {
	let out = '';
	let active: ExportMark[] = [];
	// Delimiters hug the text: whitespace at the edge of a marked run moves outside of them.
	const closeFrom = (keep: number) => {
		if (active.length <= keep) return;
		const trailing = out.match(/[ \t]+$/)?.[0] ?? '';
		out = out.slice(0, out.length - trailing.length);
		for (let i = active.length - 1; i >= keep; i--) out += closeMark(active[i]);
		out += trailing;
		active = active.slice(0, keep);
	};
	for (const node of nodes) {
		if (node.type !== 'text') {
			closeFrom(0);
			if (node.type === 'hardBreak') out += '\\\n';
			else if (node.type === 'mention') out += escapeMarkdown(`@${mentionLabel(node)}`);
			else out += inlineMarkdown(node.content);
			continue;
		}
		const marks = [...(node.marks ?? [])]
			.filter((mark) => mark.type !== 'code')
			.sort((a, b) => rank(a) - rank(b));
		const isCode = node.marks?.some((mark) => mark.type === 'code') ?? false;
		let keep = 0;
		while (keep < active.length && keep < marks.length && sameMark(active[keep], marks[keep])) {
			keep++;
		}
		closeFrom(keep);
		let text = node.text ?? '';
		if (marks.length > keep) {
			const leading = text.match(/^[ \t]+/)?.[0] ?? '';
			out += leading;
			text = text.slice(leading.length);
			for (const mark of marks.slice(keep)) out += openMark(mark);
			active = marks;
		}
		out += isCode ? codeSpan(text) : escapeMarkdown(text);
	}
	closeFrom(0);
	return out;
}

function mentionLabel(node: ExportNode): string {
	const label = node.attrs.label ?? node.attrs.id ?? '';
	return typeof label === 'string' ? label : String(label);
}

/** Plain text of a node, for code blocks. */
function plainText(node: ExportNode): string {
	if (node.type === 'text') return node.text ?? '';
	if (node.type === 'hardBreak') return '\n';
	return node.content.map(plainText).join('');
}

function indent(text: string, first: string, rest: string): string {
	return text
		.split('\n')
		.map((line, i) => (i === 0 ? first + line : line ? rest + line : line))
		.join('\n');
}

function blocksMarkdown(nodes: ExportNode[], tight = false): string {
	return nodes
		.map(blockMarkdown)
		.filter((block) => block !== null)
		.join(tight ? '\n' : '\n\n');
}

function listItemsMarkdown(list: ExportNode): string {
	const start = typeof list.attrs.start === 'number' ? list.attrs.start : 1;
	return list.content
		.map((item, i) => {
			let marker = '- ';
			if (list.type === 'orderedList') marker = `${start + i}. `;
			if (list.type === 'taskList') marker = item.attrs.checked === true ? '- [x] ' : '- [ ] ';
			const body = blocksMarkdown(item.content, true);
			const pad = ' '.repeat(list.type === 'orderedList' ? marker.length : 2);
			return indent(body, marker, pad);
		})
		.join('\n');
}

function blockMarkdown(node: ExportNode): string | null {
	switch (node.type) {
		case 'paragraph':
			return escapeLineStarts(inlineMarkdown(node.content));
		case 'heading': {
			const level = Math.min(6, Math.max(1, Number(node.attrs.level) || 1));
			// A heading is one line in Markdown: a break in it becomes a space.
			return `${'#'.repeat(level)} ${inlineMarkdown(node.content).replace(/\\\n/g, ' ')}`;
		}
		case 'bulletList':
		case 'orderedList':
		case 'taskList':
			return listItemsMarkdown(node);
		case 'blockquote':
			return blocksMarkdown(node.content)
				.split('\n')
				.map((line) => (line ? `> ${line}` : '>'))
				.join('\n');
		case 'codeBlock': {
			const text = plainText(node);
			const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
			const fence = '`'.repeat(Math.max(3, longest + 1));
			const language = typeof node.attrs.language === 'string' ? node.attrs.language : '';
			return `${fence}${language.replace(/[`\s]/g, '')}\n${text}\n${fence}`;
		}
		case 'horizontalRule':
			return '---';
		default:
			// A node this exporter does not know still gives its text.
			return node.content.length > 0 ? blocksMarkdown(node.content) : null;
	}
}

/** The whole document as Markdown, its title as the first heading. */
export function documentMarkdown(title: string, state: Uint8Array): string {
	const body = blocksMarkdown(documentTree(state));
	return `# ${escapeMarkdown(title)}\n\n${body}${body ? '\n' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Escapes text and attribute values (both quote kinds, so any attribute is safe). */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function markHtml(mark: ExportMark, inner: string): string {
	switch (mark.type) {
		case 'bold':
			return `<strong>${inner}</strong>`;
		case 'italic':
			return `<em>${inner}</em>`;
		case 'strike':
			return `<s>${inner}</s>`;
		case 'underline':
			return `<u>${inner}</u>`;
		case 'code':
			return `<code>${inner}</code>`;
		case 'link': {
			const href = safeLinkHref(mark.attrs.href);
			return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${inner}</a>` : inner;
		}
		default:
			return inner;
	}
}

function inlineHtml(nodes: ExportNode[]): string {
	return nodes
		.map((node) => {
			if (node.type === 'hardBreak') return '<br>';
			if (node.type === 'mention') {
				return `<span class="mention" data-id="${escapeHtml(String(node.attrs.id ?? ''))}">@${escapeHtml(mentionLabel(node))}</span>`;
			}
			if (node.type !== 'text') return inlineHtml(node.content);
			const marks = [...(node.marks ?? [])].sort((a, b) => rank(b) - rank(a));
			return marks.reduce((inner, mark) => markHtml(mark, inner), escapeHtml(node.text ?? ''));
		})
		.join('');
}

function blocksHtml(nodes: ExportNode[]): string {
	return nodes.map(blockHtml).join('\n');
}

function blockHtml(node: ExportNode): string {
	switch (node.type) {
		case 'paragraph':
			return `<p>${inlineHtml(node.content)}</p>`;
		case 'heading': {
			const level = Math.min(6, Math.max(1, Number(node.attrs.level) || 1));
			return `<h${level}>${inlineHtml(node.content)}</h${level}>`;
		}
		case 'bulletList':
			return `<ul>\n${blocksHtml(node.content)}\n</ul>`;
		case 'orderedList': {
			const start = Number(node.attrs.start);
			const attr = Number.isInteger(start) && start !== 1 ? ` start="${start}"` : '';
			return `<ol${attr}>\n${blocksHtml(node.content)}\n</ol>`;
		}
		case 'listItem':
			return `<li>${blocksHtml(node.content)}</li>`;
		case 'taskList':
			return `<ul class="tasks">\n${blocksHtml(node.content)}\n</ul>`;
		case 'taskItem': {
			const checked = node.attrs.checked === true;
			return `<li class="task"><input type="checkbox" disabled${checked ? ' checked' : ''}> <div>${blocksHtml(node.content)}</div></li>`;
		}
		case 'blockquote':
			return `<blockquote>\n${blocksHtml(node.content)}\n</blockquote>`;
		case 'codeBlock': {
			const language = typeof node.attrs.language === 'string' ? node.attrs.language : '';
			const attr = language ? ` class="language-${escapeHtml(language)}"` : '';
			return `<pre><code${attr}>${escapeHtml(plainText(node))}</code></pre>`;
		}
		case 'horizontalRule':
			return '<hr>';
		default:
			return node.type === 'text' ? escapeHtml(node.text ?? '') : blocksHtml(node.content);
	}
}

const HTML_STYLE = `body{font:16px/1.6 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1c1917}
blockquote{border-left:3px solid #d6d3d1;margin-left:0;padding-left:1rem;color:#57534e}
pre{background:#f5f5f4;padding:.75rem;overflow:auto}code{font-family:ui-monospace,monospace}
ul.tasks{list-style:none;padding-left:0}li.task{display:flex;gap:.5rem;align-items:baseline}
li.task>div>p{margin:0}.mention{color:#166534;font-weight:500}`;

/** The content alone, as HTML fragments. */
export function documentBodyHtml(state: Uint8Array): string {
	return blocksHtml(documentTree(state));
}

/** The words of a tree, one block a line, for telling its language. */
function treeText(nodes: ExportNode[]): string {
	return nodes.map((node) => (node.type === 'mention' ? '' : plainText(node))).join('\n');
}

/**
 * A standalone HTML page: the title, then the content. The page holds the authors' words only, so
 * its language is theirs, told from the title and the text (textLanguage), never the reader's; when
 * the words do not say it, `lang=""` declares it unknown (HTML's own way) rather than a wrong one.
 */
export function documentHtml(title: string, state: Uint8Array): string {
	const safeTitle = escapeHtml(title);
	const tree = documentTree(state);
	const lang = textLanguage(`${title}\n${treeText(tree)}`) ?? '';
	return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<h1>${safeTitle}</h1>
${blocksHtml(tree)}
</body>
</html>
`;
}
