import type { Rule } from '../types';
import { cancellation } from './cancellation';
import { complaint } from './complaint';
import { dormant } from './dormant';
import { letterCheck } from './letter-check';
import { postPurchase } from './post-purchase';
import { thankYou } from './thank-you';

/**
 * Every per-customer rule, in collision priority order (contract 4.6: S3 > S2 > S6 > S1 > S5 > S8 > S4 > S7).
 * S5 and S7 are shop-wide and planned by the planner. S4 comes after the rules it waits for (ctx.openSteps).
 */
export const RULES: readonly Rule[] = [complaint, cancellation, thankYou, postPurchase, letterCheck, dormant];
