import { describe, expect, it } from 'vitest';
import { newRoomDevicesOfMyHouse, parseMetadata } from './room-device';

const person = (identity: string, houseId: string | null, houseName = 'Les Tilleuls') => ({
	identity,
	metadata: JSON.stringify({ houseId, houseName, roomDevice: false })
});
const roomDevice = (identity: string, houseId: string, houseName = 'Les Tilleuls') => ({
	identity,
	metadata: JSON.stringify({ houseId, houseName, roomDevice: true })
});

describe('participant metadata', () => {
	it('reads the house and room device the app wrote', () => {
		expect(parseMetadata(roomDevice('d', 'h1').metadata)).toEqual({
			houseId: 'h1',
			houseName: 'Les Tilleuls',
			roomDevice: true
		});
	});

	it('shows anyone else without a house', () => {
		const none = { houseId: null, houseName: null, roomDevice: false };
		expect(parseMetadata(undefined)).toEqual(none);
		expect(parseMetadata('')).toEqual(none);
		expect(parseMetadata('not json')).toEqual(none);
		expect(parseMetadata('{"houseId":7,"roomDevice":"yes"}')).toEqual(none);
	});
});

describe('room devices that mute me', () => {
	it('are the room devices of my house not seen before', () => {
		const me = person('ana', 'h1');
		const others = [
			person('bo', 'h1'),
			roomDevice('salon', 'h1'),
			roomDevice('other-house', 'h2', 'La Forge'),
			roomDevice('cuisine', 'h1', 'Les Tilleuls')
		];
		expect(newRoomDevicesOfMyHouse(me, others, new Set(['cuisine']))).toEqual([
			{ identity: 'salon', houseName: 'Les Tilleuls' }
		]);
		expect(newRoomDevicesOfMyHouse(me, others, new Set())).toEqual([
			{ identity: 'salon', houseName: 'Les Tilleuls' },
			{ identity: 'cuisine', houseName: 'Les Tilleuls' }
		]);
	});

	it('never mute a room device itself, nor someone without a house', () => {
		const others = [roomDevice('salon', 'h1')];
		expect(newRoomDevicesOfMyHouse(roomDevice('cuisine', 'h1'), others, new Set())).toEqual([]);
		expect(newRoomDevicesOfMyHouse(person('guest', null), others, new Set())).toEqual([]);
	});
});
