// The process holds one value per key however many copies of a module ask for it: the SvelteKit
// bundle and server/ each load their own copy of src/lib/server, as a module reset does here.
import { afterEach, describe, expect, it, vi } from 'vitest';

type Helper = typeof import('../../src/lib/server/process-singleton');
const load = async (): Promise<Helper> => {
	vi.resetModules();
	return import('../../src/lib/server/process-singleton');
};

const keys = ['hameau.test.counter', 'hameau.test.other', 'hameau.test.nothing'];

afterEach(() => {
	const slots = globalThis as typeof globalThis & Record<symbol, unknown>;
	for (const key of keys) delete slots[Symbol.for(key)];
});

describe('processSingleton', () => {
	it('creates the value once and hands it to every copy of the module', async () => {
		const first = await load();
		const second = await load();
		expect(second.processSingleton).not.toBe(first.processSingleton);
		const create = vi.fn(() => ({ count: 0 }));
		const value = first.processSingleton('hameau.test.counter', create);
		value.count += 1;
		expect(second.processSingleton('hameau.test.counter', create)).toBe(value);
		expect(first.processSingleton('hameau.test.counter', create).count).toBe(1);
		expect(create).toHaveBeenCalledTimes(1);
	});

	it('keeps values of different keys apart', async () => {
		const { processSingleton } = await load();
		const counter = processSingleton('hameau.test.counter', () => ({ name: 'counter' }));
		const other = processSingleton('hameau.test.other', () => ({ name: 'other' }));
		expect(other).not.toBe(counter);
		expect(other.name).toBe('other');
	});

	it('does not create again a value that was created empty', async () => {
		const { processSingleton } = await load();
		const create = vi.fn((): undefined => undefined);
		expect(processSingleton('hameau.test.nothing', create)).toBeUndefined();
		expect(processSingleton('hameau.test.nothing', create)).toBeUndefined();
		expect(create).toHaveBeenCalledTimes(1);
	});
});
