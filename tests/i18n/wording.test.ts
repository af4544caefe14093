// Wording rules the newcomer walk found broken: numbers agree with their nouns by each language's
// plural rules ("1 person", "1 seat", never "1 people" or "1 seats"), both languages use the
// typographic apostrophe everywhere (straight and curly ones were mixed on the same page), French
// elides "de" and "que" before a name that begins with a vowel ("l’écran d’Anne"), and contracts
// "à" with a place’s article ("au Fournil", never "à Le Fournil").
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { operatorInvitedAs } from '../../src/lib/operator-roles';
import { invitedAs } from '../../src/lib/roles';

const fr = { locale: 'fr' as const };
const en = { locale: 'en' as const };

describe('plurals', () => {
	it('agree with one person and one seat, in both languages', () => {
		expect(m.presence_report_people_at_once({ people: 1, seats: 1 }, en)).toBe(
			'1 person at once (1 seat)'
		);
		expect(m.presence_report_people_at_once({ people: 2, seats: 1 }, en)).toBe(
			'2 people at once (1 seat)'
		);
		expect(m.presence_report_people_at_once({ people: 0, seats: 4 }, fr)).toBe(
			'0 personne en même temps (4 places)'
		);
		expect(
			m.presence_over_capacity({ house: 'Murat', date: '3 mars', people: 2, seats: 1 }, en)
		).toBe('Murat is over capacity on 3 mars: 2 people for 1 seat.');
		expect(m.operators_house_seats_value({ count: 1 }, fr)).toBe('1 place');
		expect(m.operators_house_seats_value({ count: 12 }, en)).toBe('12 seats');
		expect(m.agreements_doc_seats({ seats: 1 }, en)).toMatch(/^1 seat, shared/);
		expect(m.billing_costs_copied({ count: 1 }, fr)).toBe('1 ligne reprise du mois dernier.');
		// The occupancy page's reserved seats, under a company's planned people.
		expect(m.presence_occupancy_reserved({ reserved: 1 }, fr)).toBe('1 réservée');
		expect(m.presence_occupancy_reserved({ reserved: 2 }, fr)).toBe('2 réservées');
		expect(m.presence_occupancy_reserved({ reserved: 1 }, en)).toBe('1 reserved');
	});
});

/** Every message of `locale`, as the text of its value (variants included), by key. */
function messagesOf(locale: 'fr' | 'en'): [string, string][] {
	const areas = readdirSync('messages');
	return areas.flatMap((area) =>
		Object.entries(
			JSON.parse(readFileSync(`messages/${area}/${locale}.json`, 'utf8')) as Record<string, unknown>
		)
			.filter(([key]) => key !== '$schema')
			.map(([key, value]): [string, string] => [key, JSON.stringify(value)])
	);
}

describe('French typography', () => {
	it('uses the typographic apostrophe in every French message', () => {
		const straight = messagesOf('fr')
			.filter(([, text]) => text.includes("'"))
			.map(([key]) => key);
		expect(straight).toEqual([]);
	});

	it('keeps French guillemets with what they quote: a no-break space inside « »', () => {
		// A plain space let "»" wrap alone to the next line on a phone (the notification centre).
		const loose = messagesOf('fr')
			.filter(([, text]) => /« | »/.test(text))
			.map(([key]) => key);
		expect(loose).toEqual([]);
		// Nor glued to it ("«Comp»"): the narrow no-break space is the one French typography puts there.
		const glued = messagesOf('fr')
			.filter(([, text]) => /«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»/.test(text))
			.map(([key]) => key);
		expect(glued).toEqual([]);
	});

	it('puts the narrow no-break space inside « », never a plain or a wide no-break space', () => {
		// French typography sets guillemets off by a fine space (U+202F); the wider no-break space
		// (U+00A0) left a gap as wide as between two words.
		const wide = messagesOf('fr')
			.filter(([, text]) => /«[^\S\u202f]|[^\S\u202f]»/u.test(text))
			.map(([key]) => key);
		expect(wide).toEqual([]);
	});

	it('holds : ; ? ! to the word before with a narrow no-break space, never a plain space', () => {
		// 266 French messages had a plain space there, so a phone's narrow line could wrap "?" or
		// ":" alone to the next line ("Pointer au Fournil" / "?"); 26 had a no-break space.
		const loose = messagesOf('fr')
			.filter(([, text]) => /[^\S\u202f][:;?!]/u.test(text))
			.map(([key]) => key);
		expect(loose).toEqual([]);
		expect(m.standups_question_yesterday({}, fr)).toBe('Qu’avez-vous fait hier\u202f?');
	});

	it('groups the thousands of a French number with a narrow no-break space', () => {
		// "Restez sous 4000 caractères." (a stand-up's answer): a number put into a message as it
		// came, where French writes "4 000" with U+202F, as Intl.NumberFormat('fr') does.
		expect(m.error_too_long({ max: 4000 }, fr)).toBe('Restez sous 4\u202f000 caractères.');
		expect(m.error_too_long({ max: 4000 }, en)).toBe('Keep this under 4,000 characters.');
		expect(m.error_too_long({ max: 200 }, fr)).toBe('Restez sous 200 caractères.');
		expect(m.agreements_message_too_long({ max: 1000 }, fr)).toBe('1\u202f000 caractères au plus.');
		// Nor a number written in a message with a plain or a wide no-break space between its digits.
		const loose = messagesOf('fr')
			.filter(([, text]) => /\d[^\S\u202f]\d{3}(?!\d)/u.test(text))
			.map(([key]) => key);
		expect(loose).toEqual([]);
	});

	it('closes a month in the words of French accounting: clôturer, clôturé, never clore or clos', () => {
		// Operators read "Clôturez d’abord septembre" beside "Clore octobre" and "Ce mois est clos":
		// one verb for one act. Opening hours' {closes} is a placeholder, not a word.
		const areas = new Set([
			'agreements',
			'audit',
			'billing',
			'notifications',
			'operators',
			'presence'
		]);
		const mixed = messagesOf('fr')
			.filter(([key]) => areas.has(key.split('_')[0]))
			.filter(([, text]) => /(?<!\{)\b(?:clore|clos|closes?|clôt)\b/i.test(text))
			.map(([key]) => key);
		expect(mixed).toEqual([]);
		expect(m.billing_month_close_submit({ month: 'octobre 2026' }, fr)).toBe(
			'Clôturer octobre 2026'
		);
	});

	it('never splits "jours‑personnes" at its hyphen: a no-break hyphen (U+2011) holds it', () => {
		// At 360 px "jours-" ended one line and "personnes" began the next (network, house page,
		// statements). The CSV turns it back into a plain hyphen (statement-csv.test.ts).
		const split = messagesOf('fr')
			.filter(([, text]) => /jours?-personnes?/i.test(text))
			.map(([key]) => key);
		expect(split).toEqual([]);
		expect(m.billing_person_days_count({ days: '2,5', count: 2.5 }, fr)).toBe(
			'2,5 jours\u2011personnes'
		);
	});

	it('never writes "de" or "que" straight before a name, which may begin with a vowel', () => {
		// Placeholders that hold a number, an amount, a time or an e-mail address: no name follows.
		const notNames = new Set([
			'opens',
			'closes',
			'amount',
			'minutes',
			'step',
			'free',
			'email',
			'count'
		]);
		const unelided = messagesOf('fr').flatMap(([key, text]) =>
			[...text.matchAll(/\b(?:de|que) \{(\w+)\}/gi)]
				.filter(([, placeholder]) => !notNames.has(placeholder))
				.map(([found]) => `${key}: ${found}`)
		);
		// Such a message takes the phrase ready-made instead ("Écran {ofName}", elideFrench).
		expect(unelided).toEqual([]);
	});

	it('never writes "à" straight before a place’s name, which may start with "Le" or "Les"', () => {
		// "Je suis à Le Fournil" reads wrong: French writes "au Fournil", "aux Tilleuls". Placeholders
		// that hold a number, a time, a month or a person (a surname keeps its "Le": "à Le Gall").
		const notPlaces = new Set([
			'amount',
			'cap',
			'closes',
			'opens',
			'max',
			'month',
			'last',
			'reserved',
			'time',
			'minutes',
			'count',
			'date',
			'end',
			'name'
		]);
		const uncontracted = messagesOf('fr').flatMap(([key, text]) =>
			[...text.matchAll(/(?<!\p{L})à[\s\u00a0\u202f]+\{(\w+)\}/giu)]
				.filter(([, placeholder]) => !notPlaces.has(placeholder))
				.map(([found]) => `${key}: ${found}`)
		);
		// Such a message takes the phrase ready-made instead ("Je suis {atHouse}", atPlaceFrench).
		expect(uncontracted).toEqual([]);
		// English keeps its own "at": the French phrase is never one of its placeholders.
		const french = messagesOf('en')
			.filter(([, text]) => /\{at[A-Z]\w*\}/.test(text))
			.map(([key]) => key);
		expect(french).toEqual([]);
	});
});

describe('the stand-ups’ name', () => {
	it('is "stand-up" in French wherever the feature is named, never "point quotidien"', () => {
		// The nav, the page's title, notifications, the calendar and search said "stand-up"; the
		// page's intro said "points quotidiens" and its notes "Notes de point quotidien". One thing
		// has one name, and a stand-up held on chosen days is not daily.
		const other = messagesOf('fr')
			.filter(([, text]) => /\bpoints? quotidiens?\b|réunions? quotidiennes?/iu.test(text))
			.map(([key]) => key);
		expect(other).toEqual([]);
		expect(m.standups_nav({}, fr)).toBe('Stand-ups');
		expect(m.documents_kind_standup_notes({}, fr)).toBe('Notes de stand-up');
		expect(m.standups_intro({}, fr)).toMatch(/^Les stand-ups entre les maisons/);
		// Nor "daily" in English: a stand-up runs on the days chosen for it.
		expect(m.standups_intro({}, en)).not.toMatch(/daily/i);
	});
});

describe('French written for everyone', () => {
	it('rephrases instead of the point médian ("invité·e", "un·e", "participant·es")', () => {
		// A screen reader spells such words out ("invité point e"); the calls, mentions and
		// stand-ups rephrase instead ("On vous invite", "personnes présentes", "Qui participe"),
		// and one convention reads better than two side by side. "·" between phrases stays.
		const dotted = messagesOf('fr')
			.filter(([, text]) => /\p{L}·\p{L}/u.test(text))
			.map(([key]) => key);
		expect(dotted).toEqual([]);
	});
});

describe('roles named in a sentence', () => {
	it('invite someone "as a member", "en tant que membre", never with the role’s label', () => {
		try {
			overwriteGetLocale(() => 'fr');
			expect(invitedAs('member', 'Scop Volcans')).toBe(
				'On vous invite à rejoindre Scop Volcans en tant que membre.'
			);
			expect(invitedAs('manager', 'Scop Volcans')).toMatch(/ en tant que responsable\.$/);
			expect(invitedAs('owner', 'Scop Volcans')).toMatch(/ en tant que propriétaire\.$/);
			overwriteGetLocale(() => 'en');
			expect(invitedAs('member', 'Scop Volcans')).toBe(
				'You are invited to join Scop Volcans as a member.'
			);
			expect(invitedAs('manager', 'Scop Volcans')).toMatch(/ as a manager\.$/);
			expect(invitedAs('owner', 'Scop Volcans')).toMatch(/ as an owner\.$/);
		} finally {
			overwriteGetLocale(() => 'en');
		}
	});

	it('invite someone to run an operator "as an administrator", in French naming no gender', () => {
		// The role's label read "as Admin" and "en tant qu’Administrateur" (a masculine French
		// title for anyone): each role is now its own sentence.
		try {
			overwriteGetLocale(() => 'en');
			expect(operatorInvitedAs('admin', 'Commune de Murat')).toBe(
				'You are invited to help run Commune de Murat as an administrator.'
			);
			expect(operatorInvitedAs('staff', 'Commune de Murat')).toBe(
				'You are invited to help run Commune de Murat as a member of its staff.'
			);
			overwriteGetLocale(() => 'fr');
			expect(operatorInvitedAs('admin', 'Commune de Murat')).toBe(
				'Cette invitation vous propose de faire vivre Commune de Murat et d’en assurer l’administration.'
			);
			expect(operatorInvitedAs('staff', 'Commune de Murat')).toBe(
				'Cette invitation vous propose de faire vivre Commune de Murat au sein de son personnel.'
			);
			for (const role of ['admin', 'staff'] as const) {
				expect(operatorInvitedAs(role, 'Murat')).not.toMatch(/·e|en tant qu/);
			}
		} finally {
			overwriteGetLocale(() => 'en');
		}
	});
});

describe('English typography', () => {
	it('uses the typographic apostrophe in every English message, as most of them did', () => {
		// Between letters only: "I’m", "the house’s"; a quote mark around a word is another thing.
		const straight = messagesOf('en')
			.filter(([, text]) => /[A-Za-z]'[A-Za-z]/.test(text))
			.map(([key]) => key);
		expect(straight).toEqual([]);
	});
});
