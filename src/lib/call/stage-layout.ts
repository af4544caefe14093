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
