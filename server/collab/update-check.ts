// Checks that a Yjs update (format v1, what y-websocket sends) decodes, without building it.
//
// Y.decodeUpdate answers the same question, but builds every struct it reads (an Item, its IDs,
// its content object, a whole Doc for a subdocument) only for the caller to drop them, and on a
// core that has just woken from the ~50 ms between keystrokes that costs about 75 µs for a
// 37-byte keystroke, on every update's way to the other clients. This walks the same bytes with
// the same lib0 readers, in the same order, and fails exactly where Y.decodeUpdate throws: at the
// end of the bytes, on an unknown struct, content or type reference, on malformed UTF-8 or JSON,
// on an unknown `any` tag, or on subdocument options that are null. Like Y.decodeUpdate it
// ignores bytes after the delete set. tests/collab/update-check.test.ts holds it to
// Y.decodeUpdate's verdict on valid updates of every content kind and on their corruptions.
//
// On top of that verdict it bounds what one update may make every later reader do (see
// UpdateLimits): Yjs decodes and encodes `any` values recursively, and a value nested a few
// thousand levels deep, accepted and stored, overflows the stack of whoever encodes the document
// next (the server compacting it, every client opening it).
import * as decoding from 'lib0/decoding';

// The struct info byte (yjs src/structs/Item.js): the low five bits name the content, the top
// three say which of origin, right origin and parent key follow.
const CONTENT_BITS = 0b1_1111;
const HAS_PARENT_SUB = 0b10_0000;
const HAS_RIGHT_ORIGIN = 0b100_0000;
const HAS_ORIGIN = 0b1000_0000;
/** The info byte of a Skip struct (only this exact byte: other infos with content 10 throw). */
const SKIP = 10;

// Content references (yjs contentRefs): 0 is a GC struct, 10 a Skip, anything above 9 unknown.
const CONTENT_DELETED = 1;
const CONTENT_JSON = 2;
const CONTENT_BINARY = 3;
const CONTENT_STRING = 4;
const CONTENT_EMBED = 5;
const CONTENT_FORMAT = 6;
const CONTENT_TYPE = 7;
const CONTENT_ANY = 8;
const CONTENT_DOC = 9;

// Type references (yjs typeRefs, YArray 0 to YXmlText 6); an element and a hook carry a name.
const TYPE_XML_ELEMENT = 3;
const TYPE_XML_HOOK = 5;
const LAST_TYPE = 6;

// lib0's `any` tags (lib0 src/decoding.js readAnyLookupTable): 127 minus the tag's index there.
const ANY_UNDEFINED = 127;
const ANY_NULL = 126;
const ANY_STRING = 119;
const ANY_OBJECT = 118;
const ANY_ARRAY = 117;
const ANY_BYTES = 116;

/**
 * How deep and how many values one update may carry; Infinity turns a bound off. Nested Yjs
 * types (a list inside a list item) are not counted here: an update names a type's parent by its
 * ID, so their depth is only known against the document, and Yjs decodes and encodes them without
 * recursion; a reader that recurses over them (an export) is covered by the quarantine.
 */
export type UpdateLimits = {
	/**
	 * Deepest nesting of `any` values (arrays and objects inside arrays and objects) and of the
	 * JSON in embed, format and JSON content; a flat value is at depth 1. The editor writes node
	 * attributes, marks and mentions, two or three levels deep.
	 */
	maxDepth: number;
	/** `any` values in the whole update, nested ones included. */
	maxValues: number;
};

/**
 * Far above what an editor writes, far below what overflows a stack. Yjs encodes `any` values
 * and JSON.stringify embeds and formats recursively: the server's compaction overflowed from
 * about 7,000 levels, a browser's smaller stack sooner, so 128 leaves a wide margin on both
 * sides. Values: TipTap writes one `any` per node attribute, each in its own struct of at least
 * ten bytes (its client id alone takes five), so an update within the 2 MiB frame limit holds at
 * most some 200,000; a frame of empty arrays would hold a million (about 60 MB of objects).
 */
export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxDepth: 128, maxValues: 250_000 };

/** No bound at all: the check is then exactly Y.decodeUpdate's verdict (the benchmark's "before"). */
export const UNBOUNDED_UPDATE_LIMITS: UpdateLimits = { maxDepth: Infinity, maxValues: Infinity };

/** A well-formed update that goes past UpdateLimits. */
export class UpdateLimitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UpdateLimitError';
	}
}

/** How one check reads `any` values and JSON texts. */
interface ValueReader {
	readAny(decoder: decoding.Decoder): void;
	checkJson(json: string): void;
}

/**
 * Throws when Y.decodeUpdate would throw on `update` (an Error), or when it goes past `limits`
 * (an UpdateLimitError); returns nothing otherwise.
 */
export function checkUpdate(
	update: Uint8Array,
	limits: UpdateLimits = DEFAULT_UPDATE_LIMITS
): void {
	const decoder = decoding.createDecoder(update);
	const values =
		limits.maxDepth === Infinity && limits.maxValues === Infinity
			? unboundedReader
			: new BoundedReader(limits);
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		const structs = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder); // client
		decoding.readVarUint(decoder); // first clock
		for (let s = 0; s < structs; s++) checkStruct(decoder, values);
	}
	checkDeleteSet(decoder);
}

/** lib0's own readAny and JSON.parse, as Y.decodeUpdate uses them. */
/**
 * checkUpdate on each part of a stored document, for the depth limit only: what was stored
 * before the limits existed, or written into SQLite by anything else, must not overflow the
 * server that applies it. The value count is not held: it bounds one message, and a snapshot
 * gathers every message of a document's life.
 */
export function checkStoredUpdates(
	stored: { snapshot: Uint8Array | null; updates: Uint8Array[] },
	{ maxDepth }: UpdateLimits
): void {
	const limits = { maxDepth, maxValues: Infinity };
	if (stored.snapshot) checkUpdate(stored.snapshot, limits);
	for (const update of stored.updates) checkUpdate(update, limits);
}

const unboundedReader: ValueReader = {
	readAny: (decoder) => decoding.readAny(decoder),
	checkJson: (json) => JSON.parse(json)
};

/**
 * lib0's readAny, value by value, in the same order and with the same readers, so it fails where
 * readAny fails; on the way it counts the values of the whole update and tracks their depth.
 */
class BoundedReader implements ValueReader {
	private count = 0;

	constructor(private readonly limits: UpdateLimits) {}

	readAny(decoder: decoding.Decoder, depth = 1): void {
		if (++this.count > this.limits.maxValues) {
			throw new UpdateLimitError(`update holds over ${this.limits.maxValues} values`);
		}
		if (depth > this.limits.maxDepth) {
			throw new UpdateLimitError(`update nests deeper than ${this.limits.maxDepth}`);
		}
		// Past the end this is undefined, which readAny's table lookup also fails on.
		const tag: number | undefined = decoding.readUint8(decoder);
		if (tag === undefined || tag < ANY_BYTES || tag > ANY_UNDEFINED) {
			throw new Error(`unknown any tag ${tag}`);
		}
		switch (tag) {
			case ANY_OBJECT: {
				const length = decoding.readVarUint(decoder);
				for (let i = 0; i < length; i++) {
					decoding.readVarString(decoder); // key
					this.readAny(decoder, depth + 1);
				}
				return;
			}
			case ANY_ARRAY: {
				const length = decoding.readVarUint(decoder);
				for (let i = 0; i < length; i++) this.readAny(decoder, depth + 1);
				return;
			}
			case ANY_STRING:
				// Read as a string, so malformed UTF-8 fails as it does in readAny.
				decoding.readVarString(decoder);
				return;
			case ANY_BYTES:
				decoding.readVarUint8Array(decoder);
				return;
			default:
				// A scalar: lib0's own reader for it, or nothing to read (undefined, null, booleans).
				scalarReaders[ANY_UNDEFINED - tag]?.(decoder);
		}
	}

	checkJson(json: string): void {
		checkJsonDepth(json, this.limits.maxDepth);
		JSON.parse(json);
	}
}

/** The readers of lib0's scalar `any` values that read bytes, by index in its lookup table. */
const scalarReaders: Array<((decoder: decoding.Decoder) => unknown) | undefined> = [
	undefined, // undefined
	undefined, // null
	decoding.readVarInt,
	decoding.readFloat32,
	decoding.readFloat64,
	decoding.readBigInt64
	// false and true read nothing
];

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws when the JSON text nests deeper than `maxDepth`, counting brackets outside strings, so
 * a deep text is refused before JSON.parse builds it. Malformed JSON is left to JSON.parse.
 */
function checkJsonDepth(json: string, maxDepth: number): void {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < json.length; i++) {
		const char = json.charCodeAt(i);
		if (inString) {
			if (char === BACKSLASH) i++;
			else if (char === QUOTE) inString = false;
		} else if (char === QUOTE) {
			inString = true;
		} else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
			// The values inside sit one level deeper, as in an `any` value: a flat value is at depth 1.
			if (++depth >= maxDepth) throw new UpdateLimitError(`update nests deeper than ${maxDepth}`);
		} else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) {
			depth--;
		}
	}
}

function checkStruct(decoder: decoding.Decoder, values: ValueReader): void {
	// Past the end this is undefined, which Yjs reads as a GC struct whose length then throws.
	const info: number = decoding.readUint8(decoder);
	const content = CONTENT_BITS & info;
	if (info === SKIP || content === 0) {
		decoding.readVarUint(decoder); // length
		return;
	}
	if (info & HAS_ORIGIN) readId(decoder);
	if (info & HAS_RIGHT_ORIGIN) readId(decoder);
	// Without origins the parent follows: a root type's name, or the ID of the type's item.
	if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
		if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder);
		else readId(decoder);
		if (info & HAS_PARENT_SUB) decoding.readVarString(decoder);
	}
	checkContent(decoder, content, values);
}

function readId(decoder: decoding.Decoder): void {
	decoding.readVarUint(decoder); // client
	decoding.readVarUint(decoder); // clock
}

function checkContent(decoder: decoding.Decoder, content: number, values: ValueReader): void {
	switch (content) {
		case CONTENT_DELETED:
			decoding.readVarUint(decoder);
			return;
		case CONTENT_JSON: {
			const length = decoding.readVarUint(decoder);
			for (let i = 0; i < length; i++) {
				const json = decoding.readVarString(decoder);
				if (json !== 'undefined') values.checkJson(json);
			}
			return;
		}
		case CONTENT_BINARY:
			decoding.readVarUint8Array(decoder);
			return;
		case CONTENT_STRING:
			decoding.readVarString(decoder);
			return;
		case CONTENT_EMBED:
			values.checkJson(decoding.readVarString(decoder));
			return;
		case CONTENT_FORMAT:
			decoding.readVarString(decoder); // key
			values.checkJson(decoding.readVarString(decoder));
			return;
		case CONTENT_TYPE: {
			const type = decoding.readVarUint(decoder);
			if (type > LAST_TYPE) throw new Error(`unknown type reference ${type}`);
			if (type === TYPE_XML_ELEMENT || type === TYPE_XML_HOOK) decoding.readVarString(decoder);
			return;
		}
		case CONTENT_ANY: {
			const length = decoding.readVarUint(decoder);
			for (let i = 0; i < length; i++) values.readAny(decoder);
			return;
		}
		case CONTENT_DOC: {
			decoding.readVarString(decoder); // guid
			// Yjs reads options.shouldLoad off whatever was decoded: null and undefined throw.
			const tag = decoder.arr[decoder.pos];
			values.readAny(decoder);
			if (tag === ANY_NULL || tag === ANY_UNDEFINED) throw new Error('subdocument without options');
			return;
		}
		default:
			throw new Error(`unknown content reference ${content}`);
	}
}

function checkDeleteSet(decoder: decoding.Decoder): void {
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		decoding.readVarUint(decoder); // client
		const ranges = decoding.readVarUint(decoder);
		for (let r = 0; r < ranges; r++) {
			decoding.readVarUint(decoder); // clock
			decoding.readVarUint(decoder); // length
		}
	}
}
