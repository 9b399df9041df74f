/** Logins one client address may start per minute in this scenario (the recipe's own number is yours to pick). */
export const LOGINS_PER_MINUTE = 3;
