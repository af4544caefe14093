import { describe, expect, it } from 'vitest';
import { fitGrid } from './stage-layout';

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
