// How the tiles of a call share a phone's screen. There the call fills the window, its controls
// below the tiles rather than over them, so the tiles must fit the space left: a grid of as many
// columns as shows each picture largest, rows that share the height.

/** The aspect ratio of a camera's picture (the call captures 640 × 360). */
export const PICTURE_ASPECT = 16 / 9;

export type GridShape = { columns: number; rows: number };

/**
 * The columns and rows that show `count` pictures largest in a `width` × `height` box with
 * `gap` between cells: each cell is filled (the video is cropped to it), and what counts is
 * the area of the whole picture that would fit in it, so that cells keep near its shape.
 */
export function fitGrid(
	count: number,
	width: number,
	height: number,
	gap: number,
	aspect = PICTURE_ASPECT
): GridShape {
	if (count <= 1 || width <= 0 || height <= 0) return { columns: 1, rows: Math.max(count, 1) };
	let best: GridShape = { columns: 1, rows: count };
	let bestArea = -1;
	for (let columns = 1; columns <= count; columns++) {
		const rows = Math.ceil(count / columns);
		const cellWidth = (width - gap * (columns - 1)) / columns;
		const cellHeight = (height - gap * (rows - 1)) / rows;
		if (cellWidth <= 0 || cellHeight <= 0) continue;
		const pictureWidth = Math.min(cellWidth, cellHeight * aspect);
		const area = pictureWidth * (pictureWidth / aspect);
		// Ties (rare) go to fewer columns: wider cells read their names better.
		if (area > bestArea + 0.5) {
			best = { columns, rows };
			bestArea = area;
		}
	}
	return best;
}

// On a laptop the call stays in the page, its controls stuck to the window's bottom: the tiles
// keep the picture's shape and are sized so that all of them fit between the call's status line
// and the controls (a fourth person began under the controls, a shared screen ran below them).

export type Box = { width: number; height: number };

/** A grid and the width of each of its tiles (their height follows the picture's shape). */
export type TileGrid = GridShape & { tileWidth: number };

/** How wide a person's tile stays beside a shared screen before the screen grows further. */
export const PEOPLE_WIDTH_BESIDE_SCREEN = 192;

/** `count` tiles of the picture's shape, as large as fit whole in `box`. */
export function fitTiles(count: number, box: Box, gap: number, aspect = PICTURE_ASPECT): TileGrid {
	const shape = fitGrid(count, box.width, box.height, gap, aspect);
	const cellWidth = (box.width - gap * (shape.columns - 1)) / shape.columns;
	const cellHeight = (box.height - gap * (shape.rows - 1)) / shape.rows;
	const tileWidth = Math.floor(Math.min(cellWidth, cellHeight * aspect));
	return { ...shape, tileWidth: Math.max(0, tileWidth) };
}

/** The outer size of a grid of tiles. */
export function gridSize(grid: TileGrid, gap: number, aspect = PICTURE_ASPECT): Box {
	return {
		width: grid.columns * grid.tileWidth + gap * (grid.columns - 1),
		height: grid.rows * (grid.tileWidth / aspect) + gap * (grid.rows - 1)
	};
}

/** Shared screens and people in one box: the people beside the screens (right) or below them. */
export type Presentation = { people: 'beside' | 'below'; screens: TileGrid; peopleGrid: TileGrid };

/**
 * Shared screens as large as they can be in `box` while the people keep tiles
 * `peopleWidth` wide beside them or below them, whichever leaves the screens larger; the people
 * then take all the room the screens leave.
 */
export function fitPresentation(
	screenCount: number,
	peopleCount: number,
	box: Box,
	gap: number,
	peopleWidth = PEOPLE_WIDTH_BESIDE_SCREEN,
	aspect = PICTURE_ASPECT
): Presentation {
	if (peopleCount === 0) {
		const screens = fitTiles(screenCount, box, gap, aspect);
		return { people: 'below', screens, peopleGrid: { columns: 1, rows: 0, tileWidth: 0 } };
	}
	const tileHeight = peopleWidth / aspect;
	// Beside: the people in as few columns of such tiles as the height holds.
	const rowsBeside = Math.max(1, Math.floor((box.height + gap) / (tileHeight + gap)));
	const columnsBeside = Math.ceil(peopleCount / rowsBeside);
	const beside = fitTiles(
		screenCount,
		{ width: box.width - columnsBeside * (peopleWidth + gap), height: box.height },
		gap,
		aspect
	);
	// Below: in as few rows as the width holds.
	const columnsBelow = Math.min(
		peopleCount,
		Math.max(1, Math.floor((box.width + gap) / (peopleWidth + gap)))
	);
	const rowsBelow = Math.ceil(peopleCount / columnsBelow);
	const below = fitTiles(
		screenCount,
		{ width: box.width, height: box.height - rowsBelow * (tileHeight + gap) },
		gap,
		aspect
	);
	const people = beside.tileWidth > below.tileWidth ? 'beside' : 'below';
	const screens = people === 'beside' ? beside : below;
	const taken = gridSize(screens, gap, aspect);
	const left =
		people === 'beside'
			? { width: box.width - taken.width - gap, height: box.height }
			: { width: box.width, height: box.height - taken.height - gap };
	return { people, screens, peopleGrid: fitTiles(peopleCount, left, gap, aspect) };
}
