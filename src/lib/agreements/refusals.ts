// Why an agreement could not start or change, as the person reads it on the operator's pages.
import { m } from '$lib/paraglide/messages';

export type AgreementRefusal =
	| 'not_found'
	| 'already_joined'
	| 'overlap'
	| 'month_closed'
	| 'exists'
	| 'before_start'
	| 'after_end'
	| 'already_ended';

export function agreementErrorMessage(reason: AgreementRefusal): string {
	switch (reason) {
		case 'not_found':
			return m.agreements_error_not_found();
		case 'already_joined':
			return m.agreements_error_already_joined();
		case 'overlap':
			return m.agreements_error_overlap();
		case 'month_closed':
			return m.agreements_error_month_closed();
		case 'exists':
			return m.agreements_error_exists();
		case 'before_start':
			return m.agreements_error_before_start();
		case 'after_end':
			return m.agreements_error_after_end();
		case 'already_ended':
			return m.agreements_error_already_ended();
	}
}
