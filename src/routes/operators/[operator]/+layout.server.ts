import { liveHub, operatorChannel } from '$lib/server/live/hub';
import { requireOperator } from '$lib/server/operators/access';
import type { LayoutServerLoad } from './$types';

// Every operator page sits below this layout: not a member (or no such operator) → 404, so an
// operator's existence never leaks. Actions and endpoints check again (requireOperator).
export const load: LayoutServerLoad = (event) => {
	const access = requireOperator(event);
	return {
		operator: { id: access.operator.id, name: access.operator.name, slug: access.operator.slug },
		operatorRole: access.role,
		// The operator's stream position the pages' data is current to (their live updates).
		liveCursor: liveHub().cursor(operatorChannel(access.operator.id))
	};
};
