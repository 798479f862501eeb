import { createFakeServices, FakeClock } from './index';

/** Spreadsheet.getRange(a1Notation): https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getRange(String) */
describe('Spreadsheet.getRange', () => {
  const services = createFakeServices({
    clock: new FakeClock(),
    spreadsheet: {
      id: 'ss',
      name: 'shop',
      timeZone: 'Asia/Tokyo',
      sheets: [
        { name: '顧客', values: [['顧客ID'], ['C001']] },
        { name: "O'Neil 様", values: [['a', 'b']] },
      ],
    },
  });
  const ss = services.spreadsheet;

  it('reads a range of the sheet it names, quoted or not, and of the active sheet without a name', () => {
    expect(ss.getRange('顧客!A2').getValues()).toEqual([['C001']]);
    expect(ss.getRange("'O''Neil 様'!A1:B1").getValues()).toEqual([['a', 'b']]);
    expect(ss.getRange('A1').getValue()).toBe('顧客ID');
  });

  it('throws "Range not found" for a sheet that does not exist or a notation it cannot read', () => {
    expect(() => ss.getRange('手紙!A1')).toThrow('Range not found');
    expect(() => ss.getRange('顧客!??')).toThrow('Range not found');
  });
});
