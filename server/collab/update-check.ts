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

/** Throws (an Error) when Y.decodeUpdate would throw on `update`; returns nothing otherwise. */
export function checkUpdate(update: Uint8Array): void {
	const decoder = decoding.createDecoder(update);
	const clients = decoding.readVarUint(decoder);
	for (let c = 0; c < clients; c++) {
		const structs = decoding.readVarUint(decoder);
		decoding.readVarUint(decoder); // client
		decoding.readVarUint(decoder); // first clock
		for (let s = 0; s < structs; s++) checkStruct(decoder);
	}
	checkDeleteSet(decoder);
}

function checkStruct(decoder: decoding.Decoder): void {
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
	checkContent(decoder, content);
}

function readId(decoder: decoding.Decoder): void {
	decoding.readVarUint(decoder); // client
	decoding.readVarUint(decoder); // clock
}

function checkContent(decoder: decoding.Decoder, content: number): void {
	switch (content) {
		case CONTENT_DELETED:
			decoding.readVarUint(decoder);
			return;
		case CONTENT_JSON: {
			const length = decoding.readVarUint(decoder);
			for (let i = 0; i < length; i++) {
				const json = decoding.readVarString(decoder);
				if (json !== 'undefined') JSON.parse(json);
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
			JSON.parse(decoding.readVarString(decoder));
			return;
		case CONTENT_FORMAT:
			decoding.readVarString(decoder); // key
			JSON.parse(decoding.readVarString(decoder));
			return;
		case CONTENT_TYPE: {
			const type = decoding.readVarUint(decoder);
			if (type > LAST_TYPE) throw new Error(`unknown type reference ${type}`);
			if (type === TYPE_XML_ELEMENT || type === TYPE_XML_HOOK) decoding.readVarString(decoder);
			return;
		}
		case CONTENT_ANY: {
			const length = decoding.readVarUint(decoder);
			for (let i = 0; i < length; i++) decoding.readAny(decoder);
			return;
		}
		case CONTENT_DOC: {
			decoding.readVarString(decoder); // guid
			// Yjs reads options.shouldLoad off whatever was decoded: null and undefined throw.
			if (decoding.readAny(decoder) == null) throw new Error('subdocument without options');
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
