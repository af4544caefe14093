import { describe, expect, it } from 'vitest';
import {
	atPlaceFrench,
	elideFrench,
	ofPlaceFrench,
	formatDate,
	formatDateAndTime,
	formatDateTime,
	formatEuros,
	formatMonth,
	formatNumber,
	formatOfMonth,
	formatPercent,
	formatRelative,
	formatTime,
	formatList,
	formatWeekday,
	timeInputValue
} from './format';

// French separates thousands and units with (narrow) no-break spaces: compare them as spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const at = (iso: string) => Date.parse(iso);

describe('times', () => {
	it('are on a 24-hour clock in English as in French', () => {
		const evening = at('2026-07-03T18:05:00Z');
		for (const locale of ['en', 'fr']) {
			expect(formatTime(evening, { timeZone: 'Europe/Paris', locale })).toBe('20:05');
			expect(formatTime(evening, { timeZone: 'America/New_York', locale })).toBe('14:05');
			// Just after midnight is 00:05, not 12:05 AM nor 24:05.
			expect(formatTime(at('2026-07-03T22:05:00Z'), { timeZone: 'Europe/Paris', locale })).toBe(
				'00:05'
			);
		}
	});

	it('with their date, still on a 24-hour clock', () => {
		const morning = at('2026-07-03T07:41:00Z');
		expect(formatDateTime(morning, { timeZone: 'Europe/Paris', locale: 'en' })).toBe(
			'3 Jul 2026, 09:41'
		);
		expect(formatDateTime(morning, { timeZone: 'Europe/Paris', locale: 'fr' })).toBe(
			'3 juil. 2026, 09:41'
		);
		expect(formatDateTime(at('2026-07-03T13:41:00Z'), { timeZone: 'UTC', locale: 'en' })).toBe(
			'3 Jul 2026, 13:41'
		);
	});

	it('fill a time field as HH:MM on the clock of a zone', () => {
		const lateEvening = at('2026-01-12T22:59:00Z');
		expect(timeInputValue(lateEvening, 'Europe/Paris')).toBe('23:59');
		expect(timeInputValue(lateEvening, 'America/Martinique')).toBe('18:59');
	});
});

describe('calendar days', () => {
	it('say the year of a day in another year, weekday kept, and leave this year’s as they are', () => {
		const today = '2026-12-06';
		// A week of the plan across New Year: Friday is next year's.
		expect(formatDate('2027-01-01', 'long', { locale: 'fr', today })).toBe(
			'vendredi 1er janvier 2027'
		);
		expect(formatDate('2027-01-01', 'long', { locale: 'en', today })).toBe('Friday 1 January 2027');
		expect(formatDate('2027-01-06', 'medium', { locale: 'fr', today })).toBe('mer. 6 janv. 2027');
		expect(formatDate('2027-01-06', 'medium', { locale: 'en', today })).toBe('Wed 6 Jan 2027');
		expect(formatDate('2025-11-24', 'medium', { locale: 'en', today })).toBe('Mon 24 Nov 2025');
		expect(formatDate('2026-12-31', 'long', { locale: 'fr', today })).toBe('jeudi 31 décembre');
		expect(formatDate('2026-12-31', 'medium', { locale: 'en', today })).toBe('Thu 31 Dec');
		// A column of a week stays short: its heading says the week.
		expect(formatDate('2027-01-01', 'short', { locale: 'en', today })).toBe('Fri 1');
		// The reader's year by default.
		const thisYear = String(new Date().getFullYear());
		expect(formatDate(`${thisYear}-06-15`, 'long', { locale: 'en' })).not.toContain(thisYear);
	});

	it('read the day of the plan, in three lengths', () => {
		const today = '2026-11-23';
		expect(formatDate('2026-11-23', 'long', { locale: 'fr', today })).toBe('lundi 23 novembre');
		expect(formatDate('2026-11-23', 'medium', { locale: 'fr', today })).toBe('lun. 23 nov.');
		expect(formatDate('2026-11-23', 'short', { locale: 'fr' })).toBe('lun. 23');
	});

	it('write English dates day first, as Europe reads them', () => {
		const today = '2026-11-23';
		expect(formatDate('2026-11-23', 'long', { locale: 'en', today })).toBe('Monday 23 November');
		expect(formatDate('2026-11-23', 'medium', { locale: 'en', today })).toBe('Mon 23 Nov');
		expect(formatDate('2026-11-23', 'short', { locale: 'en' })).toBe('Mon 23');
		expect(formatDate('2026-11-23', 'full', { locale: 'en' })).toBe('23 November 2026');
		expect(formatMonth('2026-11', { locale: 'en' })).toBe('November 2026');
		// French is as it was.
		expect(formatDate('2026-11-23', 'full', { locale: 'fr' })).toBe('23 novembre 2026');
		expect(formatMonth('2026-11', { locale: 'fr' })).toBe('novembre 2026');
	});

	it('write the first of the month "1er" in French', () => {
		expect(formatDate('2026-10-01', 'full', { locale: 'fr' })).toBe('1er octobre 2026');
		expect(formatDate('2026-12-01', 'long', { locale: 'fr', today: '2026-12-06' })).toBe(
			'mardi 1er décembre'
		);
		expect(formatDate('2026-10-11', 'full', { locale: 'fr' })).toBe('11 octobre 2026');
		expect(formatDate('2026-10-01', 'full', { locale: 'en' })).toBe('1 October 2026');
	});

	it('say one occasion weekday first, then the date in full, then the time', () => {
		// Before, the stand-up page read "6 décembre 2026, dim. 09:30": the weekday after the date.
		expect(formatDate('2026-12-06', 'weekdayFull', { locale: 'fr' })).toBe('dim. 6 décembre 2026');
		expect(formatDate('2026-12-06', 'weekdayFull', { locale: 'en' })).toBe('Sun 6 December 2026');
		expect(formatDateAndTime('2026-12-06', '09:30', { locale: 'fr' })).toBe(
			'dim. 6 décembre 2026, 09:30'
		);
		expect(formatDateAndTime('2026-12-06', '09:30', { locale: 'en' })).toBe(
			'Sun 6 December 2026, 09:30'
		);
		expect(formatDateAndTime('2026-10-01', '18:05', { locale: 'fr' })).toBe(
			'jeu. 1er octobre 2026, 18:05'
		);
		expect(formatDateAndTime('2026-10-01', '18:05', { locale: 'en' })).toBe(
			'Thu 1 October 2026, 18:05'
		);
	});

	it('name a month after "of": French elides "de" before a vowel', () => {
		expect(formatOfMonth('2026-10', { locale: 'fr' })).toBe('d’octobre 2026');
		expect(formatOfMonth('2026-08', { locale: 'fr' })).toBe('d’août 2026');
		expect(formatOfMonth('2026-04', { locale: 'fr' })).toBe('d’avril 2026');
		expect(formatOfMonth('2026-11', { locale: 'fr' })).toBe('de novembre 2026');
		expect(formatOfMonth('2026-10', { locale: 'en' })).toBe(
			formatMonth('2026-10', { locale: 'en' })
		);
	});

	it('elide French "de" and "que" before a vowel, accented or not, in either case', () => {
		expect(elideFrench('de', 'Anne')).toBe('d’Anne');
		expect(elideFrench('de', 'atelier Dupont')).toBe('d’atelier Dupont');
		expect(elideFrench('de', 'Yves')).toBe('d’Yves');
		for (const vowel of 'AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆàâäéèêëîïôöùûüœæ') {
			expect(elideFrench('de', `${vowel}x`)).toBe(`d’${vowel}x`);
		}
		expect(elideFrench('de', 'Ébénisterie Martin')).toBe('d’Ébénisterie Martin');
		// "É" written as "E" and a combining accent, as some keyboards and pastes do.
		expect(elideFrench('de', 'E\u0301crin')).toBe('d’E\u0301crin');
		expect(elideFrench('que', 'Administratrice')).toBe('qu’Administratrice');
		expect(elideFrench('que', 'Personnel')).toBe('que Personnel');
	});

	it('keep French "de" whole before a consonant, an "h", a digit or a symbol', () => {
		expect(elideFrench('de', 'Bernard')).toBe('de Bernard');
		expect(elideFrench('de', 'Çà et là')).toBe('de Çà et là');
		expect(elideFrench('de', 'Hélène')).toBe('de Hélène');
		expect(elideFrench('de', 'hangar 4')).toBe('de hangar 4');
		expect(elideFrench('de', '3D Studio')).toBe('de 3D Studio');
		expect(elideFrench('de', '@home')).toBe('de @home');
	});

	it('look through leading spaces and quotes before eliding French "de"', () => {
		expect(elideFrench('de', '  Anne')).toBe('d’Anne');
		expect(elideFrench('de', '  Bernard')).toBe('de Bernard');
		expect(elideFrench('de', '« Écrin »')).toBe('d’« Écrin »');
		expect(elideFrench('de', '"Atelier"')).toBe('d’"Atelier"');
		expect(elideFrench('de', '“Bois”')).toBe('de “Bois”');
		expect(elideFrench('de', "'Hangar'")).toBe("de 'Hangar'");
	});

	it('take "Le" and "Les" into "du" and "des" before a place or an organisation', () => {
		expect(ofPlaceFrench('Le Fournil')).toBe('du Fournil');
		expect(ofPlaceFrench('Les Tilleuls')).toBe('des Tilleuls');
		expect(ofPlaceFrench('les Tilleuls')).toBe('des Tilleuls');
		expect(ofPlaceFrench('  Le Moulin Neuf')).toBe('du Moulin Neuf');
		// Everything else as elideFrench writes it: "La" and "L’" stay, vowels elide.
		expect(ofPlaceFrench('La Poste')).toBe('de La Poste');
		expect(ofPlaceFrench('L’Atelier')).toBe('de L’Atelier');
		expect(ofPlaceFrench('Atelier Lavoir')).toBe('d’Atelier Lavoir');
		expect(ofPlaceFrench('Lesage Menuiserie')).toBe('de Lesage Menuiserie');
		expect(ofPlaceFrench('Le')).toBe('de Le');
	});

	it('take "Le" and "Les" into "au" and "aux" after "à" before a place or an organisation', () => {
		expect(atPlaceFrench('Le Fournil')).toBe('au Fournil');
		expect(atPlaceFrench('Les Tilleuls')).toBe('aux Tilleuls');
		expect(atPlaceFrench('le Fournil')).toBe('au Fournil');
		expect(atPlaceFrench('les Tilleuls')).toBe('aux Tilleuls');
		expect(atPlaceFrench('LES TILLEULS')).toBe('aux TILLEULS');
		expect(atPlaceFrench('  Le Moulin Neuf')).toBe('au Moulin Neuf');
		expect(atPlaceFrench('Le\u00a0Fournil')).toBe('au Fournil');
		// "La" and "L’" stay as written, as ofPlaceFrench keeps them after "de"; "à" never elides.
		expect(atPlaceFrench('La Grange')).toBe('à La Grange');
		expect(atPlaceFrench('L’Atelier')).toBe('à L’Atelier');
		expect(atPlaceFrench("L'Atelier")).toBe("à L'Atelier");
		expect(atPlaceFrench('Ancienne école')).toBe('à Ancienne école');
		// A name that only starts with the letters, a lone "Le", a quoted name: "à" and the name whole.
		expect(atPlaceFrench('Lemaire')).toBe('à Lemaire');
		expect(atPlaceFrench('Lesneven')).toBe('à Lesneven');
		expect(atPlaceFrench('Le')).toBe('à Le');
		expect(atPlaceFrench('Le ')).toBe('à Le ');
		expect(atPlaceFrench('« Le Fournil »')).toBe('à « Le Fournil »');
		expect(atPlaceFrench('  Maison Murat')).toBe('à Maison Murat');
	});

	it('name ISO weekdays, Monday first', () => {
		const week = [1, 2, 3, 4, 5, 6, 7].map((day) => formatWeekday(day, { locale: 'en' }));
		expect(week).toEqual([
			'Monday',
			'Tuesday',
			'Wednesday',
			'Thursday',
			'Friday',
			'Saturday',
			'Sunday'
		]);
		expect(formatWeekday(1, { locale: 'fr' })).toBe('lundi');
		// Kept per language: English again after French.
		expect(formatWeekday(7, { locale: 'en' })).toBe('Sunday');
		// Week by week past either end, as the calendar goes.
		expect(formatWeekday(0, { locale: 'fr' })).toBe('dimanche');
		expect(formatWeekday(8, { locale: 'fr' })).toBe('lundi');
	});

	it('join items as each language does', () => {
		expect(formatList(['Ana', 'Bruno', 'Chloé'], { locale: 'fr' })).toBe('Ana, Bruno et Chloé');
		expect(formatList(['Ana', 'Bruno', 'Chloé'], { locale: 'en' })).toBe('Ana, Bruno, and Chloé');
		expect(formatList(['Ana'], { locale: 'en' })).toBe('Ana');
	});
});

describe('numbers and money', () => {
	it('show euros with cents, or without them for a whole amount when asked', () => {
		expect(plain(formatEuros(125050, { locale: 'fr' }))).toBe('1 250,50 €');
		expect(plain(formatEuros(125000, { locale: 'fr' }))).toBe('1 250,00 €');
		expect(plain(formatEuros(125000, { trimZeroCents: true, locale: 'fr' }))).toBe('1 250 €');
		expect(formatEuros(125050, { trimZeroCents: true, locale: 'en' })).toBe('€1,250.50');
		expect(formatEuros(125000, { locale: 'en' })).toBe('€1,250.00');
	});

	it('round counts to one decimal and ratios to whole percents', () => {
		expect(formatNumber(2.46, { locale: 'fr' })).toBe('2,5');
		expect(formatNumber(2.46, { locale: 'en' })).toBe('2.5');
		expect(formatNumber(2.46, { maximumFractionDigits: 0, locale: 'en' })).toBe('2');
		expect(plain(formatPercent(0.425, { locale: 'fr' }))).toBe('43 %');
		expect(formatPercent(0.425, { locale: 'en' })).toBe('43%');
	});
});

describe('relative times', () => {
	it('say how long ago in the largest whole unit', () => {
		const now = at('2026-07-03T12:00:00Z');
		expect(formatRelative(now - 3 * 24 * 3600_000, { now, locale: 'en' })).toBe('3 days ago');
		expect(formatRelative(now - 26 * 3600_000, { now, locale: 'fr' })).toBe('hier');
		expect(formatRelative(now + 2 * 3600_000 + 60_000, { now, locale: 'en' })).toBe('in 2 hours');
		expect(formatRelative(new Date(now - 20_000), { now, locale: 'en' })).toBe('now');
	});
});
