import { error } from '@sveltejs/kit';
import { housePhotoFor } from '$lib/server/houses/photos';
import type { RequestHandler } from './$types';

/**
 * Pages add the photo's version to its address, so a cached copy may be kept a while; the ETag
 * lets a browser that revalidates get a 304 instead of the bytes again.
 */
const CACHE_CONTROL = 'private, max-age=300';

// The house's photo for those who may see the house. Signed out, no such house, no photo, or not
// allowed: the same 404, so the address tells an outsider nothing (not even that the house exists).
export const GET: RequestHandler = ({ locals, params, request }) => {
	const user = locals.user;
	if (!user) error(404, 'Not Found');
	const photo = housePhotoFor(user.id, params.house);
	if (!photo) error(404, 'Not Found');
	const etag = `"${photo.updatedAt.getTime()}"`;
	const headers = {
		'Cache-Control': CACHE_CONTROL,
		ETag: etag,
		'X-Content-Type-Options': 'nosniff'
	};
	if (matches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	return new Response(new Uint8Array(photo.data), {
		headers: {
			...headers,
			'Content-Type': photo.contentType,
			'Content-Length': String(photo.data.length)
		}
	});
};

/** If-None-Match holds one ETag, a list of them, or `*`; weak ones (W/) match too (RFC 9110). */
function matches(header: string | null, etag: string): boolean {
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === '*' || tag === etag);
}
