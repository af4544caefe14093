// One search over what a member may see in a company: documents (titles and text, through FTS5),
// people, houses, rooms and stand-ups (names, accent-folded in JS: a company has tens of each,
// not thousands, so reading them is cheaper than keeping another index current).
import { and, eq, isNull, sql } from 'drizzle-orm';
import { fold } from '$lib/fold';
import { byName } from '$lib/name-order';
import { getDb } from '../db';
import { companyHouses, houses, memberships, users } from '../db/schema';
import { listStandups } from '../standups/standups';
import { listRooms } from '../video/rooms';

/** A word as the tokenizer cuts them: letters, digits and their combining marks. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Words of a query past this are ignored, and each word is cut to this many characters. */
const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/** The words of what someone typed, at most MAX_WORDS. */
export function queryWords(input: string): string[] {
	return (input.match(WORD) ?? []).slice(0, MAX_WORDS).map((w) => w.slice(0, MAX_WORD_LENGTH));
}

/**
 * The FTS5 MATCH expression for what someone typed, or null when it holds no word. Every word is
 * a quoted string (so AND, OR, NOT, NEAR, `:`, `*`, `^` and brackets are text, and a word never
 * contains a quote), all of them required; the last one, still being typed, matches as a prefix
 * unless it is followed by a space or shorter than the two-character prefix index.
 */
export function matchExpression(input: string): string | null {
	const words = queryWords(input);
	if (words.length === 0) return null;
	const typing = !/\s$/.test(input);
	return words
		.map((word, i) => {
			const prefix = typing && i === words.length - 1 && [...word].length >= 2;
			return `"${word}"${prefix ? '*' : ''}`;
		})
		.join(' ');
}

// snippet() marks matches with these; document-text.ts keeps them out of the indexed text.
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** A piece of a snippet; `hit` pieces are what matched. */
export type SnippetPart = { text: string; hit: boolean };

function parts(marked: string): SnippetPart[] {
	const out: SnippetPart[] = [];
	for (const [i, piece] of marked.split(new RegExp(`[${OPEN}${CLOSE}]`)).entries()) {
		if (piece) out.push({ text: piece, hit: i % 2 === 1 });
	}
	return out;
}

export type DocumentHit = {
	id: string;
	title: SnippetPart[];
	/** Around the first matches in the text; empty when only the title matched. */
	snippet: SnippetPart[];
	/** The first matched word as written in the document, for opening it there. */
	find: string | null;
};
export type NamedHit = { id: string; name: string; detail?: string };
export type RoomHit = NamedHit & { kind: 'house' | 'all_hands' | 'meeting' };

export type SearchResults = {
	documents: DocumentHit[];
	people: NamedHit[];
	houses: NamedHit[];
	rooms: RoomHit[];
	standups: NamedHit[];
};

export type SearchOptions = {
	/** Most results per group. */
	limit: number;
	/** The all-hands room's name in the reader's language (it has no stored name). */
	allHandsLabel: string;
};

/** The company's documents matching `match`, best first (bm25, a title match weighing more). */
export function searchDocuments(companyId: string, match: string, limit: number): DocumentHit[] {
	// The company is the documents row's, not the index's copy; archived documents are left out.
	const rows = getDb().all<{ id: string; title: string; snippet: string }>(sql`
		select d.id as id,
			highlight(document_search, 0, ${OPEN}, ${CLOSE}) as title,
			snippet(document_search, 1, ${OPEN}, ${CLOSE}, '…', 12) as snippet
		from document_search
		join documents d on d.rowid = document_search.rowid and d.id = document_search.document_id
		where document_search match ${match}
			and d.company_id = ${companyId} and d.archived_at is null
		order by bm25(document_search, 5.0, 1.0), d.title
		limit ${limit}`);
	return rows.map((row) => {
		const snippet = parts(row.snippet);
		const hits = snippet.filter((part) => part.hit);
		return {
			id: row.id,
			title: parts(row.title),
			snippet: hits.length > 0 ? snippet : [],
			find: hits[0]?.text ?? null
		};
	});
}

/** Every folded word of the query appears in one of the folded fields. */
function matcher(words: string[]): (...fields: string[]) => boolean {
	const folded = words.map(fold);
	return (...fields) => {
		const haystack = fold(fields.join(' '));
		return folded.every((word) => haystack.includes(word));
	};
}

/**
 * What `userId` may see in the company that matches `input`: its documents, its members, its
 * houses, the rooms they may enter (invited-only ones only if invited or their creator) and its
 * stand-ups. The caller has checked the membership.
 */
export function searchCompany(
	companyId: string,
	userId: string,
	input: string,
	options: SearchOptions
): SearchResults {
	const words = queryWords(input);
	const match = matchExpression(input);
	if (!match || words.length === 0) {
		return { documents: [], people: [], houses: [], rooms: [], standups: [] };
	}
	const matches = matcher(words);
	const { limit } = options;
	const db = getDb();

	const people = db
		.select({ id: users.id, name: users.name })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.companyId, companyId))
		.all()
		.sort(byName)
		.filter((person) => matches(person.name))
		.slice(0, limit);

	const companyHouseRows = db
		.select({ id: houses.id, name: houses.name, commune: houses.commune })
		.from(companyHouses)
		.innerJoin(houses, eq(houses.id, companyHouses.houseId))
		.where(and(eq(companyHouses.companyId, companyId), isNull(houses.archivedAt)))
		.all()
		.sort(byName)
		.filter((house) => matches(house.name, house.commune))
		.slice(0, limit)
		.map((house) => ({ id: house.id, name: house.name, detail: house.commune }));

	// A stand-up's room is reached from its stand-up, which is a result of its own.
	const rooms: RoomHit[] = [];
	for (const room of listRooms(companyId, userId)) {
		if (room.archived || room.kind === 'standup') continue;
		const name = room.kind === 'all_hands' ? options.allHandsLabel : room.name;
		if (matches(name, room.description)) rooms.push({ id: room.id, name, kind: room.kind });
		if (rooms.length >= limit) break;
	}

	const standups = listStandups(companyId)
		.filter((standup) => matches(standup.name))
		.slice(0, limit)
		.map((standup) => ({ id: standup.id, name: standup.name }));

	return {
		documents: searchDocuments(companyId, match, limit),
		people,
		houses: companyHouseRows,
		rooms,
		standups
	};
}
