// checkUpdate must refuse exactly what Y.decodeUpdate refuses: a looser check would let a
// malformed update reach Y.applyUpdate (which can fail halfway through, leaving part of it
// applied), a stricter one would refuse a client's valid edits. Held to Y.decodeUpdate's verdict
// on valid updates of every content kind and on thousands of their corruptions.
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	checkUpdate,
	DEFAULT_UPDATE_LIMITS,
	UNBOUNDED_UPDATE_LIMITS,
	UpdateLimitError
} from '../../server/collab/update-check';

function updatesOf(doc: Y.Doc, change: () => void): Uint8Array[] {
	const updates: Uint8Array[] = [];
	const capture = (update: Uint8Array) => updates.push(update);
	doc.on('update', capture);
	change();
	doc.off('update', capture);
	return updates;
}

/** Hand-encoded: Yjs no longer writes ContentJSON, but still reads it (old documents). */
function jsonContentUpdate(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // one client
	encoding.writeVarUint(encoder, 1); // one struct
	encoding.writeVarUint(encoder, 7); // client 7
	encoding.writeVarUint(encoder, 0); // from clock 0
	encoding.writeUint8(encoder, 2); // an item of JSON content, no origins
	encoding.writeVarUint(encoder, 1); // its parent is a root type...
	encoding.writeVarString(encoder, 'list'); // ...named "list"
	encoding.writeVarUint(encoder, 2); // two values
	encoding.writeVarString(encoder, '{"a":[1,2]}');
	encoding.writeVarString(encoder, 'undefined');
	encoding.writeVarUint(encoder, 0); // an empty delete set
	return encoding.toUint8Array(encoder);
}

/** One client's single struct, written by `struct`, and an empty delete set. */
function oneStruct(struct: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // one client
	encoding.writeVarUint(encoder, 1); // one struct
	encoding.writeVarUint(encoder, 7); // client 7
	encoding.writeVarUint(encoder, 0); // from clock 0
	struct(encoder);
	encoding.writeVarUint(encoder, 0); // an empty delete set
	return encoding.toUint8Array(encoder);
}

/** An item under the root type "map", with content `content` written by `write`. */
function rootItem(content: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	return oneStruct((encoder) => {
		encoding.writeUint8(encoder, content);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarString(encoder, 'map');
		write(encoder);
	});
}

const SUBDOC = 9;
const TYPE = 7;
const ANY_UNDEFINED = 127;
const ANY_NULL = 126;
const ANY_INTEGER = 125;
const ANY_OBJECT = 118;

/** Edge cases random corruption seldom reaches, with Y.decodeUpdate's verdict on each. */
const edgeCases: Array<{ name: string; update: Uint8Array; decodes: boolean }> = [
	...[
		{ name: 'empty object', options: [ANY_OBJECT, 0], decodes: true },
		{ name: 'a number', options: [ANY_INTEGER, 5], decodes: true },
		{ name: 'null', options: [ANY_NULL], decodes: false },
		{ name: 'undefined', options: [ANY_UNDEFINED], decodes: false }
	].map(({ name, options, decodes }) => ({
		name: `subdocument options: ${name}`,
		update: rootItem(SUBDOC, (encoder) => {
			encoding.writeVarString(encoder, 'guid');
			for (const byte of options) encoding.writeUint8(encoder, byte);
		}),
		decodes
	})),
	...[0, 1, 2, 3, 4, 5, 6, 7, 8, 200].map((type) => ({
		name: `type reference ${type}`,
		update: rootItem(TYPE, (encoder) => {
			encoding.writeVarUint(encoder, type);
			if (type === 3 || type === 5) encoding.writeVarString(encoder, 'taskItem');
		}),
		decodes: type <= 6
	})),
	...[10, 10 | 32, 10 | 64, 10 | 128, 0 | 64, 0 | 128].map((info) => ({
		name: `info byte ${info}`,
		// A Skip or GC struct reads the 3 as its length; an item would need more.
		update: oneStruct((encoder) => {
			encoding.writeUint8(encoder, info);
			encoding.writeVarUint(encoder, 3);
		}),
		decodes: info === 10 || (info & 31) === 0
	})),
	...[11, 12, 31].map((content) => ({
		name: `content reference ${content}`,
		// Nothing follows: content that read nothing would leave a valid, empty delete set.
		update: rootItem(content, () => {}),
		decodes: false
	}))
];

/** Valid updates covering every struct, content and type Yjs encodes. */
function validUpdates(): Uint8Array[] {
	const doc = new Y.Doc({ gc: true });
	const text = doc.getText('text');
	const map = doc.getMap('map');
	const list = doc.getArray('list');
	const xml = doc.getXmlFragment('xml');
	const updates = [
		...updatesOf(doc, () => text.insert(0, 'Réunion du lundi 🌾')),
		...updatesOf(doc, () => text.format(0, 7, { bold: true, color: '#c0ffee' })),
		...updatesOf(doc, () => text.insertEmbed(3, { image: 'plan.png', size: [3, 4] })),
		...updatesOf(doc, () => text.delete(2, 5)),
		...updatesOf(doc, () => {
			map.set('any', { n: 1.5, big: 2n ** 60n, yes: true, no: null, list: ['x', -3] });
			map.set('nothing', undefined);
			map.set('bytes', new Uint8Array([0, 255, 7]));
		}),
		...updatesOf(doc, () => {
			map.set('map', new Y.Map());
			map.set('array', new Y.Array());
			map.set('nested text', new Y.Text('hello'));
			map.set('subdoc', new Y.Doc({ guid: 'sub', meta: { kind: 'notes' } }));
		}),
		...updatesOf(doc, () => {
			const element = new Y.XmlElement('taskItem');
			element.setAttribute('checked', 'true');
			element.insert(0, [new Y.XmlText('buy bread')]);
			xml.insert(0, [element]);
			map.set('hook', new Y.XmlHook('mention'));
		}),
		...updatesOf(doc, () => list.insert(0, [1, 'two', { three: 3 }])),
		...updatesOf(doc, () => map.delete('any'))
	];
	// GC structs: deleted content, collected, in a full state.
	updates.push(Y.encodeStateAsUpdate(doc));
	// Skip structs: a merge of two updates of one client with a gap between them.
	const writer = new Y.Doc();
	const steps = [1, 2, 3].flatMap((i) =>
		updatesOf(writer, () => writer.getText('t').insert(0, `step ${i}`))
	);
	updates.push(Y.mergeUpdates([steps[0], steps[2]]));
	updates.push(jsonContentUpdate());
	updates.push(Y.encodeStateAsUpdate(new Y.Doc())); // nothing at all
	return updates;
}

function decodes(update: Uint8Array): boolean {
	try {
		Y.decodeUpdate(update);
		return true;
	} catch {
		return false;
	}
}

function checks(update: Uint8Array): boolean {
	try {
		checkUpdate(update);
		return true;
	} catch {
		return false;
	}
}

/** A copy of `update` with a few bytes changed, inserted or removed. */
function corrupted(gen: prng.PRNG, update: Uint8Array): Uint8Array {
	const bytes = Array.from(update);
	const edits = prng.int32(gen, 1, 3);
	for (let e = 0; e < edits; e++) {
		const at = prng.int32(gen, 0, bytes.length);
		const byte = prng.bool(gen) ? prng.int32(gen, 0, 255) : prng.oneOf(gen, [0, 1, 10, 127, 128]);
		switch (prng.int32(gen, 0, 2)) {
			case 0:
				bytes[Math.min(at, bytes.length - 1)] = byte;
				break;
			case 1:
				bytes.splice(at, 0, byte);
				break;
			default:
				bytes.splice(at, 1);
		}
	}
	return Uint8Array.from(bytes);
}

describe('checkUpdate', () => {
	const valid = validUpdates();

	it('accepts valid updates of every content kind', () => {
		for (const update of valid) {
			expect(decodes(update)).toBe(true);
			expect(() => checkUpdate(update)).not.toThrow();
		}
	});

	it('agrees with Y.decodeUpdate on edge cases of structs, types and subdocuments', () => {
		for (const { name, update, decodes: expected } of edgeCases) {
			expect(decodes(update), name).toBe(expected);
			expect(checks(update), name).toBe(expected);
		}
	});

	it('refuses every truncation Y.decodeUpdate refuses, and only those', () => {
		let refused = 0;
		for (const update of valid) {
			for (let end = 0; end < update.length; end++) {
				const prefix = update.slice(0, end);
				expect(checks(prefix), `${Array.from(prefix)}`).toBe(decodes(prefix));
				if (!decodes(prefix)) refused++;
			}
		}
		expect(refused).toBeGreaterThan(100);
	});

	it('agrees with Y.decodeUpdate on corrupted and random bytes', () => {
		const gen = prng.create(20261122);
		const verdicts = { accepted: 0, refused: 0 };
		for (let i = 0; i < 20_000; i++) {
			const update =
				i % 10 === 0
					? prng.uint8Array(gen, prng.int32(gen, 0, 40))
					: corrupted(gen, prng.oneOf(gen, valid));
			const decoded = decodes(update);
			expect(checks(update), `${Array.from(update)}`).toBe(decoded);
			verdicts[decoded ? 'accepted' : 'refused']++;
		}
		// Both verdicts must be well represented for the agreement to mean something.
		expect(verdicts.accepted).toBeGreaterThan(2_000);
		expect(verdicts.refused).toBeGreaterThan(2_000);
	});
});

describe('checkUpdate limits', () => {
	const { maxDepth } = DEFAULT_UPDATE_LIMITS;
	const nestedArrays = (depth: number) => '['.repeat(depth - 1) + '0' + ']'.repeat(depth - 1);
	const nestedJson = (depth: number) =>
		// Brackets inside strings, escaped quotes included, are text, not nesting.
		'{"a":"[[[\\"[[[",'.repeat(1) + '"b":' + nestedArrays(depth - 1) + '}';

	/** A map value of `depth` levels (the innermost a number) in an `any` item. */
	function anyOfDepth(depth: number): Uint8Array {
		return rootItem(8, (encoder) => {
			encoding.writeVarUint(encoder, 1);
			for (let level = 1; level < depth; level++) {
				encoding.writeUint8(encoder, level % 2 === 0 ? 117 : ANY_OBJECT);
				encoding.writeVarUint(encoder, 1);
				if (level % 2 !== 0) encoding.writeVarString(encoder, 'k');
			}
			encoding.writeUint8(encoder, ANY_INTEGER);
			encoding.writeVarInt(encoder, 3);
		});
	}
	const embedOfDepth = (depth: number) =>
		rootItem(5, (encoder) => encoding.writeVarString(encoder, nestedJson(depth)));
	const formatOfDepth = (depth: number) =>
		rootItem(6, (encoder) => {
			encoding.writeVarString(encoder, 'link');
			encoding.writeVarString(encoder, nestedJson(depth));
		});
	const subdocOfDepth = (depth: number) =>
		rootItem(SUBDOC, (encoder) => {
			encoding.writeVarString(encoder, 'guid');
			for (let level = 1; level < depth; level++) {
				encoding.writeUint8(encoder, ANY_OBJECT);
				encoding.writeVarUint(encoder, 1);
				encoding.writeVarString(encoder, 'k');
			}
			encoding.writeUint8(encoder, ANY_OBJECT);
			encoding.writeVarUint(encoder, 0);
		});

	it('refuses values and JSON nested deeper than the limit, accepts them at the limit', () => {
		for (const [name, build] of Object.entries({
			any: anyOfDepth,
			embed: embedOfDepth,
			format: formatOfDepth,
			subdocument: subdocOfDepth
		})) {
			expect(decodes(build(maxDepth)), name).toBe(true);
			expect(() => checkUpdate(build(maxDepth)), name).not.toThrow();
			expect(decodes(build(maxDepth + 1)), name).toBe(true);
			expect(() => checkUpdate(build(maxDepth + 1)), name).toThrow(UpdateLimitError);
			expect(() => checkUpdate(build(maxDepth + 1), UNBOUNDED_UPDATE_LIMITS), name).not.toThrow();
		}
	});

	it('refuses an update with more values than the limit, nested ones counted', () => {
		const flat = (count: number) =>
			rootItem(8, (encoder) => {
				encoding.writeVarUint(encoder, 1);
				encoding.writeUint8(encoder, 117);
				encoding.writeVarUint(encoder, count - 1);
				for (let i = 1; i < count; i++) encoding.writeUint8(encoder, ANY_NULL);
			});
		const limits = { maxDepth: 4, maxValues: 1000 };
		expect(() => checkUpdate(flat(1000), limits)).not.toThrow();
		expect(() => checkUpdate(flat(1001), limits)).toThrow(UpdateLimitError);
		expect(() => checkUpdate(flat(DEFAULT_UPDATE_LIMITS.maxValues + 1))).toThrow(UpdateLimitError);
	});
});
