import { describe, expect, it } from 'vitest';
import {
	fitGrid,
	fitPresentation,
	fitTiles,
	gridSize,
	PEOPLE_WIDTH_BESIDE_SCREEN
} from './stage-layout';

describe('fitGrid', () => {
	it('stacks two people on a phone held upright, and shares its height', () => {
		// 360 × 740 less the status line, the controls and the margins.
		expect(fitGrid(2, 344, 520, 8)).toEqual({ columns: 1, rows: 2 });
	});

	it('keeps people one under another on a phone held upright, as wide as the screen', () => {
		// Two columns there would show each picture at half the width, a quarter of the size.
		expect(fitGrid(3, 344, 520, 8)).toEqual({ columns: 1, rows: 3 });
		expect(fitGrid(4, 344, 520, 8)).toEqual({ columns: 1, rows: 4 });
		expect(fitGrid(6, 344, 520, 8)).toEqual({ columns: 2, rows: 3 });
	});

	it('puts people side by side on a phone held sideways', () => {
		expect(fitGrid(2, 724, 250, 8)).toEqual({ columns: 2, rows: 1 });
		expect(fitGrid(4, 724, 250, 8)).toEqual({ columns: 2, rows: 2 });
	});

	it('gives one person the whole box, and never fewer rows than needed', () => {
		expect(fitGrid(1, 344, 520, 8)).toEqual({ columns: 1, rows: 1 });
		const { columns, rows } = fitGrid(7, 344, 520, 8);
		expect(columns * rows).toBeGreaterThanOrEqual(7);
	});

	it('still answers before the box is measured', () => {
		expect(fitGrid(3, 0, 0, 8)).toEqual({ columns: 1, rows: 3 });
	});
});

describe('fitTiles', () => {
	it('keeps four people whole above the controls on a laptop, beside the chat or not', () => {
		// 1280 × 720: the call's column beside the chat, and the height under its status line.
		const beside = fitTiles(4, { width: 660, height: 420 }, 12);
		expect(beside).toMatchObject({ columns: 2, rows: 2 });
		expect(gridSize(beside, 12).height).toBeLessThanOrEqual(420);
		const alone = fitTiles(4, { width: 992, height: 420 }, 12);
		expect(alone).toMatchObject({ columns: 2, rows: 2 });
		expect(gridSize(alone, 12).width).toBeLessThanOrEqual(992);
		expect(gridSize(alone, 12).height).toBeLessThanOrEqual(420);
	});

	it('gives no size before the box is measured', () => {
		expect(fitTiles(2, { width: 0, height: 0 }, 12).tileWidth).toBe(0);
	});
});

describe('fitPresentation', () => {
	it('puts the people beside a shared screen on a wide box, the screen whole in it', () => {
		const box = { width: 992, height: 420 };
		const layout = fitPresentation(1, 2, box, 12);
		expect(layout.people).toBe('beside');
		const screen = gridSize(layout.screens, 12);
		const people = gridSize(layout.peopleGrid, 12);
		expect(screen.height).toBeLessThanOrEqual(box.height);
		expect(screen.width + 12 + people.width).toBeLessThanOrEqual(box.width);
		expect(people.height).toBeLessThanOrEqual(box.height);
		expect(layout.peopleGrid.tileWidth).toBeGreaterThanOrEqual(PEOPLE_WIDTH_BESIDE_SCREEN);
	});

	it('puts the people below a shared screen beside the chat', () => {
		const box = { width: 660, height: 420 };
		const layout = fitPresentation(1, 2, box, 12);
		expect(layout.people).toBe('below');
		const screen = gridSize(layout.screens, 12);
		const people = gridSize(layout.peopleGrid, 12);
		expect(screen.height + 12 + people.height).toBeLessThanOrEqual(box.height);
		expect(Math.max(screen.width, people.width)).toBeLessThanOrEqual(box.width);
	});

	it('gives the screens the whole box when no camera tile is left', () => {
		const layout = fitPresentation(1, 0, { width: 800, height: 450 }, 12);
		expect(layout.screens.tileWidth).toBe(800);
	});
});
