/**
 * BudouX (Google's phrase breaker, https://github.com/google/budoux): its Parser and its two Japanese models, taken
 * from the package's own files. The package's entry point also loads its HTML processor and that processor's DOM
 * parser (linkedom, about 800 KB, ES modules only), which Apps Script has no use for; the package's exports map
 * names no entry for the parser alone, hence the paths. The parser is plain string code: no DOM, no globals.
 */
import { Parser } from '../../node_modules/budoux/dist/parser.js';
import { model as ja } from '../../node_modules/budoux/dist/data/models/ja.js';
import { model as jaKnbc } from '../../node_modules/budoux/dist/data/models/ja_knbc.js';

const MODELS = [new Parser(ja), new Parser(jaKnbc)];

/**
 * Where a Japanese text may break between phrases: the UTF-16 offsets where both of BudouX's Japanese models see a
 * phrase boundary. Each model alone now and then cuts a word the other keeps whole (the default model reads
 * 「どう／ぞお気軽に」), so a break is taken only where they agree; phrases get a little longer, and a letter's line
 * of 43 characters still holds them.
 */
export function phraseBoundaries(text: string): Set<number> {
  const [first, ...others] = MODELS.map((parser) => parser.parseBoundaries(text));
  return new Set(first.filter((at) => others.every((boundaries) => boundaries.includes(at))));
}
