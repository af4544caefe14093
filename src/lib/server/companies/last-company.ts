/** Remembers which company the browser opened last, so "/" goes back to it. */
export const LAST_COMPANY_COOKIE = 'hameau_company';
