import type { ClientInit, HandleClientError } from '@sveltejs/kit';
import { watchFieldsBeforeScripts } from '$lib/hydration';
import { isLoadFailure } from '$lib/load-failure';

// A page whose code or data could not be fetched (the house's link dropped mid-navigation) is no
// fault of the app: the error page says so and loads the page again, instead of "Something went
// wrong" with a reference that only server errors have.
export const handleError: HandleClientError = ({ error, status }) => {
	if (isLoadFailure(error)) return { message: 'The page could not load', loadFailed: true };
	return { message: status === 404 ? 'Not Found' : 'Internal Error' };
};

// Before the page is hydrated, which would put back the fields as the server drew them.
export const init: ClientInit = () => {
	watchFieldsBeforeScripts();
};
