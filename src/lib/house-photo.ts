// A house's photo on both sides: the limits the server enforces, the address pages show it from,
// and the browser's resize before upload (a phone's 5 MB photo becomes a ~200 KB JPEG or WebP,
// well under adapter-node's 512 KB body limit, so the upload is quick and the server check rarely
// has to refuse).

/** Largest photo the server stores. */
export const PHOTO_MAX_BYTES = 400 * 1024;
/** Longest side the browser resizes to. */
export const PHOTO_MAX_SIDE = 1600;
/** The types the server accepts (checked against the bytes there). */
export const PHOTO_TYPES = ['image/jpeg', 'image/webp'] as const;

/**
 * The photo's address; `version` (its last change, in ms) makes a replaced photo a new address,
 * so the browser's cached copy of the old one is never shown in its place.
 */
export function housePhotoUrl(houseId: string, version: number): string {
	return `/api/houses/${encodeURIComponent(houseId)}/photo?v=${version}`;
}

/** The size that fits `width` × `height` within `maxSide` on its longest side, never enlarged. */
export function fitWithin(
	width: number,
	height: number,
	maxSide = PHOTO_MAX_SIDE
): { width: number; height: number } {
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/** Qualities tried in turn until the photo fits; an image of pure noise may need the lowest. */
const QUALITIES = [0.82, 0.7, 0.55];

/**
 * In the browser: the picked image drawn onto a canvas no larger than PHOTO_MAX_SIDE and encoded
 * as WebP (JPEG where the browser cannot encode WebP), at lower qualities until it fits
 * PHOTO_MAX_BYTES. Null when the file cannot be decoded as an image at all.
 */
export async function resizePhoto(file: Blob): Promise<File | null> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		// Not an image the browser can read: the caller says so beside the field.
		return null;
	}
	const size = fitWithin(bitmap.width, bitmap.height);
	const canvas = document.createElement('canvas');
	canvas.width = size.width;
	canvas.height = size.height;
	const context = canvas.getContext('2d');
	if (!context) return null;
	context.drawImage(bitmap, 0, 0, size.width, size.height);
	bitmap.close();
	let blob: Blob | null = null;
	for (const quality of QUALITIES) {
		blob = await encode(canvas, 'image/webp', quality);
		// Safari before 17 hands back a PNG when asked for WebP.
		if (blob?.type !== 'image/webp') blob = await encode(canvas, 'image/jpeg', quality);
		if (blob && blob.size <= PHOTO_MAX_BYTES) break;
	}
	if (!blob) return null;
	const extension = blob.type === 'image/webp' ? 'webp' : 'jpg';
	return new File([blob], `photo.${extension}`, { type: blob.type });
}

function encode(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
	return new Promise((done) => canvas.toBlob(done, type, quality));
}
