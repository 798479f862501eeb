/** The day `npm run demo` and `npm run preview` show the example shop on (the example workbook is built around it). */
export const DEMO_DAY = '2026-11-24';

/** The demo's second day: the first day 年賀状 are prepared (S10: 12-10 → 12-24), after the owner said yes. */
export const NEW_YEAR_CARDS_DAY = '2026-12-10';

/** The demo's third day: 寒中見舞い for households in mourning are prepared from 1-08 (S10). */
export const MIDWINTER_CARDS_DAY = '2027-01-08';
