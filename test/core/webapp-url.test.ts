import { checkWebAppUrl } from '../../src/core/webapp-url';

const ID = 'AKfycbzX3kQ_9-abcdefghijklmnopqrstuvwxyz';

describe('checkWebAppUrl: the /exec URL the owner pastes from 「デプロイを管理」', () => {
  test.each([
    [`https://script.google.com/macros/s/${ID}/exec`, false],
    [`  https://script.google.com/macros/s/${ID}/exec/ `, false],
    [`https://script.google.com/macros/s/${ID}/exec?secret=old#x`, false],
    [`https://script.google.com/a/macros/kokochido.jp/s/${ID}/exec`, true],
  ])('%s is taken as the /exec URL', (pasted, rewritten) => {
    expect(checkWebAppUrl(pasted)).toEqual({
      ok: true,
      url: `https://script.google.com/macros/s/${ID}/exec`,
      rewritten,
    });
  });

  test.each([
    ['', 'ウェブアプリのURLを貼り付けてください'],
    [`https://script.google.com/macros/s/${ID}/dev`, '試し用'],
    [`https://script.google.com/a/macros/kokochido.jp/s/${ID}/dev`, '試し用'],
    [`http://script.google.com/macros/s/${ID}/exec`, 'ウェブアプリのURLではない'],
    [`https://script.googleusercontent.com/macros/echo?user_content_key=abc`, 'ウェブアプリのURLではない'],
    ['https://script.google.com/home/projects/1abc/edit', 'ウェブアプリのURLではない'],
    ['https://script.google.com/macros/s/short/exec', 'ウェブアプリのURLではない'],
  ])('%s is refused, saying why and where to find the right one', (pasted, why) => {
    const checked = checkWebAppUrl(pasted);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toContain(why);
      expect(checked.message).toContain('デプロイを管理');
    }
  });
});
