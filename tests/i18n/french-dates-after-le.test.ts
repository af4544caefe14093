// French puts "le" before a date written in full ("Modifié le 7 déc. 2026, 14:30 par Lina"):
// formatDateTime's dates read as a slip without it. Relative times ("il y a 3 min") take none.
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/lib/format';
import { m } from '../../src/lib/paraglide/messages';

const fr = { locale: 'fr' as const };
const when = formatDateTime(Date.UTC(2026, 11, 7, 13, 30), {
	locale: 'fr',
	timeZone: 'Europe/Paris'
});

describe('a document’s dates in French', () => {
	it('read "le" before the date', () => {
		expect(when).toBe('7 déc. 2026, 14:30');
		expect(m.documents_edited_by({ when, name: 'Lina' }, fr)).toBe(
			'Modifié le 7 déc. 2026, 14:30 par Lina'
		);
		expect(m.documents_edited_at({ when }, fr)).toBe('Modifié le 7 déc. 2026, 14:30');
		expect(m.documents_never_edited({ when }, fr)).toBe(
			'Créé le 7 déc. 2026, 14:30, pas encore modifié'
		);
		expect(m.documents_version_viewing({ name: 'Lundi', when }, fr)).toBe(
			'« Lundi », enregistrée le 7 déc. 2026, 14:30'.replace(/ (?=[»])|(?<=«) /g, '\u202f')
		);
	});
});
