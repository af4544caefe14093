// French elides "de" and "que" before a vowel: "l’écran d’Anne", "membre d’Atelier Dupont", but
// "de Bernard". Each message that names someone or something after "de" takes the phrase from
// elideFrench (format.ts), area by area, as its caller passes it; English keeps its own wording.
import { afterEach, describe, expect, it } from 'vitest';
import { elideFrench } from '../../src/lib/format';
import { m } from '../../src/lib/paraglide/messages';
import { overwriteGetLocale } from '../../src/lib/paraglide/runtime';
import { describeSharedEvent } from '../../src/lib/components/audit/shared-events';
import { invitationUnavailableMessage } from '../../src/lib/server/invitation-form';

const fr = { locale: 'fr' as const };
const en = { locale: 'en' as const };
const of = (name: string) => elideFrench('de', name);

afterEach(() => overwriteGetLocale(() => 'en'));

// French writes a no-break space before a colon: compare it as a space.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('French "de" before a name', () => {
	it('in the audit log: a changed role', () => {
		overwriteGetLocale(() => 'fr');
		const roleChanged = (subject: string) =>
			plain(
				describeSharedEvent(
					{ action: 'member.role_changed', subject, details: { from: 'member', to: 'admin' } },
					(role) => String(role)
				) ?? ''
			);
		expect(roleChanged('Anne Martin')).toBe('A changé le rôle d’Anne Martin : member → admin');
		expect(roleChanged('Bernard Roux')).toBe('A changé le rôle de Bernard Roux : member → admin');
		overwriteGetLocale(() => 'en');
		expect(roleChanged('Anne Martin')).toBe('Changed the role of Anne Martin: member → admin');
	});

	it('on an invitation that no longer works, and one already used by a member', () => {
		overwriteGetLocale(() => 'fr');
		expect(invitationUnavailableMessage('expired', 'Atelier Dupont')).toBe(
			'Cette invitation à rejoindre Atelier Dupont a expiré. Demandez-en une nouvelle à une personne d’Atelier Dupont.'
		);
		expect(invitationUnavailableMessage('revoked', 'Scop Volcans')).toMatch(
			/à une personne de Scop Volcans\.$/
		);
		expect(invitationUnavailableMessage('used_up', 'Écrin')).toMatch(/une personne d’Écrin\.$/);
		overwriteGetLocale(() => 'en');
		expect(invitationUnavailableMessage('expired', 'Atelier Dupont')).toBe(
			'This invitation to Atelier Dupont has expired. Ask someone at Atelier Dupont for a new one.'
		);
		const member = (company: string) =>
			m.invite_already_member({ company, ofCompany: of(company) }, fr);
		expect(member('Atelier Dupont')).toBe('Vous êtes déjà membre d’Atelier Dupont.');
		expect(member('Scop Volcans')).toBe('Vous êtes déjà membre de Scop Volcans.');
	});

	it('in the calendar feed’s descriptions', () => {
		const standup = (company: string) =>
			m.calendar_standup_description({ company, ofCompany: of(company), url: 'u' }, fr);
		expect(standup('Atelier Dupont')).toMatch(/^Stand-up d’Atelier Dupont\. /);
		expect(standup('Scop Volcans')).toMatch(/^Stand-up de Scop Volcans\. /);
		const meeting = (company: string) =>
			plain(m.calendar_meeting_description({ company, ofCompany: of(company), url: 'u' }, fr));
		expect(meeting('Ébénisterie Martin')).toBe('Salle de réunion d’Ébénisterie Martin : u');
		expect(meeting('Hangar 4')).toBe('Salle de réunion de Hangar 4 : u');
		expect(
			m.calendar_meeting_description({ company: 'Écrin', ofCompany: 'd’Écrin', url: 'u' }, en)
		).toBe('Meeting room of Écrin: u');
	});

	it('on the rooms, documents, members and search pages', () => {
		const room = (title: string) =>
			m.calendar_meeting_time_edit_named({ room: title, ofRoom: of(title) }, fr);
		expect(room('Atelier')).toBe('Changer l’horaire d’Atelier');
		expect(room('Salle bleue')).toBe('Changer l’horaire de Salle bleue');
		const editor = (title: string) => m.documents_editor_label({ title, ofTitle: of(title) }, fr);
		expect(editor('Ordre du jour')).toBe('Contenu d’Ordre du jour');
		expect(editor('Notes du soir')).toBe('Contenu de Notes du soir');
		expect(m.documents_editor_label({ title: 'Notes', ofTitle: 'de Notes' }, en)).toBe(
			'Content of Notes'
		);
		const members = (company: string) => m.members_intro({ company, ofCompany: of(company) }, fr);
		expect(members('Atelier Dupont')).toMatch(/^Toutes les personnes d’Atelier Dupont, /);
		expect(members('Scop Volcans')).toMatch(/^Toutes les personnes de Scop Volcans, /);
		const search = (company: string) =>
			m.search_page_intro({ company, ofCompany: of(company) }, fr);
		expect(search('Atelier Dupont')).toContain('les stand-ups d’Atelier Dupont.');
		expect(search('Scop Volcans')).toContain('les stand-ups de Scop Volcans.');
	});

	it('on a house’s occupancy', () => {
		const title = (house: string) => m.presence_occupancy_title({ house, ofHouse: of(house) }, fr);
		expect(title('Ancienne école')).toBe('Occupation d’Ancienne école');
		expect(title('Maison de Murat')).toBe('Occupation de Maison de Murat');
		expect(m.presence_occupancy_title({ house: 'Murat', ofHouse: 'de Murat' }, en)).toBe(
			'Occupancy of Murat'
		);
	});

	it('in a call: a shared screen, a room device, a house’s connection', () => {
		const screen = (name: string) => m.video_tile_screen({ name, ofName: of(name) }, fr);
		expect(screen('Agathe Brun')).toBe('Écran d’Agathe Brun');
		expect(screen('Lucas Petit')).toBe('Écran de Lucas Petit');
		expect(m.video_tile_screen({ name: 'Agathe Brun', ofName: 'd’Agathe Brun' }, en)).toBe(
			'Agathe Brun’s screen'
		);
		const device = (house: string) => m.video_room_device_muted({ house, ofHouse: of(house) }, fr);
		expect(device('Ancienne école')).toMatch(/^L’appareil de salle d’Ancienne école est /);
		expect(device('Maison de Murat')).toMatch(/^L’appareil de salle de Maison de Murat est /);
		const reduced = (count: number, house: string) =>
			plain(m.link_reduced({ count, house, ofHouse: of(house) }, fr));
		expect(reduced(1, 'Ancienne école')).toBe(
			'Vidéo réduite : la connexion d’Ancienne école ne permet pas plus'
		);
		expect(reduced(3, 'Maison de Murat')).toBe(
			'Vidéo réduite : 3 personnes partagent la connexion de Maison de Murat'
		);
	});
});
