import { m } from '$lib/paraglide/messages';
import type { DocumentKind } from '$lib/vocabulary';

export function kindLabel(kind: DocumentKind): string {
	switch (kind) {
		case 'blank':
			return m.documents_kind_blank();
		case 'weekly_plan':
			return m.documents_kind_weekly_plan();
		case 'meeting_notes':
			return m.documents_kind_meeting_notes();
		case 'standup_notes':
			return m.documents_kind_standup_notes();
	}
}
