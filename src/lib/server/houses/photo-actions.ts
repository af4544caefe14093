// The two form actions of the photo field (HousePhotoField), shared by the operator's house page and
// a company's private house page: each page says who edits and which house (its own guard), the
// rest is the same. The file comes as multipart form data, resized by the browser when it can.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { PHOTO_MAX_BYTES } from '$lib/house-photo';
import { m } from '$lib/paraglide/messages';
import { formatNumber } from '$lib/format';
import { isFormTooLarge } from '$lib/server/forms';
import {
	PHOTO_MAX_SIDE_STORED,
	PHOTO_MIN_SIDE,
	removeHousePhoto,
	setHousePhoto,
	type PhotoEditor,
	type PhotoProblem
} from './photos';

type PhotoEvent = Pick<RequestEvent, 'request' | 'locals' | 'url' | 'params'>;

/** The page's own access check: who edits, and the house of the URL; it throws 404/403 itself. */
type PhotoGuard = (event: PhotoEvent) => { editor: PhotoEditor; houseId: string };

const problemMessages: Record<PhotoProblem, () => string> = {
	missing: () => m.houses_photo_error_missing(),
	too_large: () => m.houses_photo_error_too_large({ max: formatNumber(PHOTO_MAX_BYTES / 1024) }),
	type: () => m.houses_photo_error_type(),
	dimensions: () =>
		m.houses_photo_error_dimensions({
			min: formatNumber(PHOTO_MIN_SIDE),
			max: formatNumber(PHOTO_MAX_SIDE_STORED)
		})
};

/** `photo` stores the posted file (field `photo`), `removePhoto` removes the photo. */
export function housePhotoActions(guard: PhotoGuard) {
	return {
		photo: async (event: PhotoEvent) => {
			const { editor, houseId } = guard(event);
			let form: FormData;
			try {
				form = await event.request.formData();
			} catch (cause) {
				// Past the server's body limit (a camera's photo sent without JavaScript, which would
				// have resized it): said beside the field, as any photo too large.
				if (!isFormTooLarge(cause)) throw cause;
				return fail(413, {
					action: 'photo' as const,
					errors: { photo: problemMessages.too_large() }
				});
			}
			const file = form.get('photo');
			const bytes =
				file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
			const result = setHousePhoto(editor, houseId, bytes);
			if (result.ok) return { action: 'photo' as const, success: m.houses_photo_saved() };
			// The guard found the house a moment ago: it was unlinked or archived away in between.
			if (result.problem === 'not_found') error(404, 'Not Found');
			return fail(400, {
				action: 'photo' as const,
				errors: { photo: problemMessages[result.problem]() }
			});
		},
		removePhoto: (event: PhotoEvent) => {
			const { editor, houseId } = guard(event);
			if (!removeHousePhoto(editor, houseId).ok) error(404, 'Not Found');
			return { action: 'removePhoto' as const, success: m.houses_photo_removed() };
		}
	};
}
