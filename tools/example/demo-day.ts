/** The day `npm run demo` and `npm run preview` show the example shop on (the example workbook is built around it). */
export const DEMO_DAY = '2026-11-24';
