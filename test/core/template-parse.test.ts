/**
 * renderTemplate reads each template text once (templates.ts `parsed`) and fills it for every message. Against the
 * one-pass reading it replaced, kept here as the reference: the same subject, body and problems (in the same order)
 * for any text an owner could type — both widths of braces and bars, stray and doubled braces, unknown and empty
 * fields, fallbacks — and the same again when the text comes back from the cache.
 */
import fc from 'fast-check';
import { emptyFieldProblem, fieldsUsed, KNOWN_FIELDS, renderTemplate } from '../../src/core/templates';

const PLACEHOLDER = /[{｛]{2}([^{}｛｝]*)[}｝]{2}/g;
const BRACE_RUN = /[{}｛｝]{2,}/g;
const BRACE = /[{}｛｝]/;
const KNOWN: ReadonlySet<string> = new Set(KNOWN_FIELDS);

/** The reading before the cache: one pass over the text for each message. */
function reference(
  text: string,
  fields: Readonly<Record<string, string | undefined>>,
  problems: Set<string>,
) {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    pieces.push(clean(text.slice(last, start), last > 0, true, problems));
    const raw = match[1];
    const bar = raw.search(/[|｜]/);
    const rawName = bar < 0 ? raw : raw.slice(0, bar);
    const fallback = bar < 0 ? undefined : raw.slice(bar + 1).trim();
    const name = rawName.normalize('NFKC').trim();
    if (!KNOWN.has(name)) {
      problems.add(`テンプレートの差し込み項目「{{${rawName.trim()}}}」は使えません`);
      pieces.push(fallback ?? '');
    } else {
      const value = fields[name];
      if (value === undefined || value.trim() === '') {
        if (fallback) pieces.push(fallback);
        else {
          problems.add(emptyFieldProblem(name));
          pieces.push('');
        }
      } else pieces.push(value);
    }
    last = start + match[0].length;
  }
  pieces.push(clean(text.slice(last), last > 0, false, problems));
  return pieces.join('');
}

function clean(text: string, afterField: boolean, beforeField: boolean, problems: Set<string>): string {
  let cleaned = text.replace(BRACE_RUN, '');
  if (afterField && BRACE.test(cleaned.charAt(0))) cleaned = cleaned.slice(1);
  if (beforeField && BRACE.test(cleaned.charAt(cleaned.length - 1))) cleaned = cleaned.slice(0, -1);
  if (cleaned !== text)
    problems.add('テンプレートに対になっていない「{{」「}}」があったため、取り除きました');
  return cleaned;
}

const NAMES = ['氏名', '姓', '店名', '購入商品', '提案', 'ほげ', ' 氏名 ', 'ｼﾒｲ'];
const piece = fc.constantFrom(
  '{{',
  '}}',
  '｛｛',
  '｝｝',
  '{',
  '}',
  '｛',
  '｝',
  '|',
  '｜',
  ' ',
  '\n',
  '　',
  'こんにちは',
  '様',
  '、',
  ...NAMES,
  // Whole fields, so that most texts have some: plain, unknown, with a fallback (either bar).
  '{{氏名}}',
  '｛｛姓｝｝',
  '{{ほげ}}',
  '{{提案|ご提案}}',
  '{{購入商品｜先日のご利用}}',
  '{{店名|}}',
);
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const value = fc.constantFrom<string | undefined>(undefined, '', '  ', '山田', '{{氏名}}', '｛｛');
const fields = fc.dictionary(
  fc.constantFrom('氏名', '姓', '店名', '購入商品', '提案', ...KNOWN_FIELDS.slice(0, 8)),
  value,
);

describe('a template text read once, filled for every message', () => {
  test('a stray brace is reported before the field after it, as the text reads', () => {
    expect(renderTemplate({ subject: '', body: 'こんにちは{{{氏名}}様' }, {}).problems).toEqual([
      'テンプレートに対になっていない「{{」「}}」があったため、取り除きました',
      '差し込み項目「氏名」が空です',
    ]);
  });

  test('the same message and problems as reading it afresh, first time and from the cache (fast-check)', () => {
    fc.assert(
      fc.property(text, text, fields, (subject, body, values) => {
        const problems = new Set<string>();
        const want = {
          subject: reference(subject, values, problems),
          body: reference(body, values, problems),
          problems: [...problems],
        };
        expect(renderTemplate({ subject, body }, values)).toEqual(want);
        expect(renderTemplate({ subject, body }, values)).toEqual(want);
        expect(fieldsUsed(body)).toEqual(
          [...body.matchAll(PLACEHOLDER)].map((m) => m[1].split(/[|｜]/)[0].normalize('NFKC').trim()),
        );
      }),
      { numRuns: 4000 },
    );
  });
});
