import fc from 'fast-check';
import { flat } from '../../src/core/flat-text';

describe('flat', () => {
  it('gives back the very text it is given, built by pieces or not, empty or not', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 6 }), (pieces) => {
        let built = '';
        for (const piece of pieces) built = `${built}${piece}`;
        expect(flat(built)).toBe(pieces.join(''));
      }),
    );
    // A template's pieces around a number, as a 理由 is built: no normalisation (が written as か + ゛ stays so).
    const visit = 12;
    expect(flat(`か\u3099前回のご来店から${visit}日`)).toBe('か\u3099前回のご来店から12日');
  });
});
