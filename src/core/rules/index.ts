import type { Rule } from '../types';
import { postPurchase } from './post-purchase';

/** Every rule, in collision priority order (contract 4.6: S3 > S2 > S6 > S1 > S5 > S8 > S4 > S7). */
export const RULES: readonly Rule[] = [postPurchase];
