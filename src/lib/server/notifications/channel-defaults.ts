// What each kind of notification uses when the person made no choice (no preference row), in
// one place: delivery (notify, the email sweep) and the settings grid both read it, so what the
// grid shows ticked is what happens. Relative imports: the collaboration server notifies too.
import type { NotificationChannel, NotificationKind } from '../db/schema';

/**
 * Worth an email when still unread after a while. The others are over by the time it would
 * leave (answers open, the round started, someone in the house's room, a knock): off until the
 * person turns them on.
 */
const EMAILED_BY_DEFAULT: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
	'mention',
	'task_assigned',
	'room_invite',
	'statement_ready',
	'blocker_carried',
	'standup_not_held'
]);

/** Never by email, whatever the person chose: a knock rings now or waits in the centre. */
const NEVER_EMAILED: ReadonlySet<NotificationKind> = new Set<NotificationKind>(['knock']);

/** Can the person choose this channel for this kind at all? */
export function channelOffered(kind: NotificationKind, channel: NotificationChannel): boolean {
	return !(channel === 'email' && NEVER_EMAILED.has(kind));
}

/** The channel's state for a kind when the person has no row for it. */
export function channelOnByDefault(kind: NotificationKind, channel: NotificationChannel): boolean {
	return channel === 'email' ? EMAILED_BY_DEFAULT.has(kind) : channelOffered(kind, channel);
}

export type ChannelChoice = {
	kind: NotificationKind;
	channel: NotificationChannel;
	enabled: boolean;
};

/** Is `channel` on for `kind`, given the person's saved choices (no row: the default)? */
export function channelEnabled(
	kind: NotificationKind,
	channel: NotificationChannel,
	choices: readonly ChannelChoice[]
): boolean {
	if (!channelOffered(kind, channel)) return false;
	const saved = choices.find((choice) => choice.kind === kind && choice.channel === channel);
	return saved ? saved.enabled : channelOnByDefault(kind, channel);
}
