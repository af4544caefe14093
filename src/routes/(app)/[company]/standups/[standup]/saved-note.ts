// The stand-up's page says "Changes saved." once after its edit form saved (landing-notice.ts).
export const STANDUP_SAVED_NOTE = 'hameau_standup_saved';
