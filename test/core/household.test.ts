import fc from 'fast-check';
import { customerHousehold, householdKey, normalizeAddress } from '../../src/core/household';
import { readCustomers } from '../../src/core/customers';

/**
 * The household key (contract section 3: 郵便番号 + 住所 normalised, NFKC, spaces removed, 丁目・番地・番・号 and
 * dashes unified): 「1丁目2番3号」 = 「1-2-3」 = 「１−２−３」.
 */
const TOWN = '東京都世田谷区太子堂';
const POSTAL = ['154-0004', '〒154-0004', '１５４－０００４', '1540004', '〒 154 - 0004'];
const DASHES = ['-', '－', '−', '‐', '—', 'ー', '―'];

const wide = (text: string) => text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** One address written the ways owners write it: the same place whatever the form. */
const arbWritten = (chome: number, banchi: number, go: number) =>
  fc
    .record({
      form: fc.constantFrom('丁目番号', '丁目番地', '丁目番地の', 'dash', '丁目dash'),
      dash: fc.constantFrom(...DASHES),
      wide: fc.boolean(),
      spaces: fc.array(fc.constantFrom(' ', '　', '  '), { minLength: 0, maxLength: 3 }),
    })
    .map(({ form, dash, wide: isWide, spaces }) => {
      const numbers: Record<string, string> = {
        丁目番号: `${chome}丁目${banchi}番${go}号`,
        丁目番地: `${chome}丁目${banchi}番地${go}`,
        丁目番地の: `${chome}丁目${banchi}番地の${go}`,
        dash: `${chome}${dash}${banchi}${dash}${go}`,
        丁目dash: `${chome}丁目${banchi}${dash}${go}`,
      };
      const text = `${TOWN}${spaces[0] ?? ''}${numbers[form]}${spaces[1] ?? ''}`;
      return isWide ? wide(text) : text;
    });

describe('household key', () => {
  test('the same address in another width, dash, spacing or with 丁目・番地・番・号 is the same household', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...POSTAL),
        fc.constantFrom(...POSTAL),
        (chome, banchi, go, postalA, postalB) => {
          fc.assert(
            fc.property(arbWritten(chome, banchi, go), arbWritten(chome, banchi, go), (a, b) => {
              expect(householdKey(postalA, a)).toBe(householdKey(postalB, b));
              expect(householdKey(postalA, a)).toBe(`1540004${TOWN}${chome}-${banchi}-${go}`);
            }),
            { numRuns: 20 },
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  test('a different 番地 or 号 is a different household, however each is written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (chome, banchiA, goA, banchiB, goB) => {
          fc.pre(banchiA !== banchiB || goA !== goB);
          fc.assert(
            fc.property(arbWritten(chome, banchiA, goA), arbWritten(chome, banchiB, goB), (a, b) => {
              expect(householdKey('154-0004', a)).not.toBe(householdKey('154-0004', b));
            }),
            { numRuns: 10 },
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  test('another postal code is another household', () => {
    expect(householdKey('154-0004', `${TOWN}1-2-3`)).not.toBe(householdKey('154-0005', `${TOWN}1-2-3`));
  });

  test.each([
    ['太子堂二丁目十四番三号', '太子堂2-14-3'],
    ['太子堂2丁目14の3', '太子堂2-14-3'],
    ['太子堂2-14-3 コーポ太子堂 101号室', '太子堂2-14-3コーポ太子堂101'],
    ['太子堂2-14-3 101', '太子堂2-14-3-101'],
    ['霞ヶ関1-2-3', '霞ケ関1-2-3'],
  ])('%s is written %s', (written, key) => {
    expect(normalizeAddress(written)).toBe(key);
  });

  test('a building name keeps its long vowel mark, and 12-3 is not 1-23', () => {
    expect(normalizeAddress('1-2-3 コーポ')).toBe('1-2-3コーポ');
    expect(normalizeAddress('12-3')).not.toBe(normalizeAddress('1-23'));
  });

  test('no household without both 郵便番号 and 住所', () => {
    expect(householdKey('', '太子堂1-2-3')).toBe('');
    expect(householdKey('154-0004', '')).toBe('');
    expect(householdKey('154-0004', undefined)).toBe('');
  });

  test('a customer read from 顧客 carries the key the planner would work out, and a customer made otherwise gets it', () => {
    const rows = [
      {
        id: 'C1',
        name: '佐藤 美咲',
        postalCode: '〒１５４－０００４',
        address: '東京都世田谷区太子堂二丁目十四番三号',
      },
      { id: 'C2', name: '佐藤 健', postalCode: '154-0004', address: '東京都世田谷区太子堂2-14-3' },
      { id: 'C3', name: '鈴木 一郎', address: '東京都世田谷区太子堂2-14-3' },
    ];
    const read = readCustomers(rows, { timeZone: 'Asia/Tokyo', regularVisits: 3 });
    expect(read.map((c) => c.household)).toEqual([
      '1540004東京都世田谷区太子堂2-14-3',
      '1540004東京都世田谷区太子堂2-14-3',
      '',
    ]);
    for (const c of read) {
      expect(customerHousehold(c)).toBe(householdKey(c.postalCode, c.address));
      const { household: _, ...made } = c;
      expect(customerHousehold(made)).toBe(c.household);
    }
  });
});
