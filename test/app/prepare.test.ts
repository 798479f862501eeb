/**
 * The preparers (src/app/prepare), driven directly on the fakes: what each channel leaves in 連絡履歴 and its own
 * sheet, intent before side effect. The day's run and the sidebar reach the same driver through the bundle
 * (test/bundle/daily-run, follow-up-actions); the fault suite kills it at every call.
 */
import { composeMessage, type ComposedMessage } from '../../src/core/compose';
import type { DueContact } from '../../src/core/plan';
import type { DraftRef, DraftRequest, MailDrafts } from '../../src/channels/gmail';
import { Budget } from '../../src/app/budget';
import { prepareContacts } from '../../src/app/prepare';
import { loadWorkbook, planOf } from '../../src/app/workbook';
import { FakeClock, type CellValue, type FakeServices, type SheetData } from '../fakes';
import { installGlobals } from '../fakes/globals';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  ONE_PER_CHANNEL,
  SHOP_SETTINGS,
  TZ,
  customerSheet,
  logSheet,
  settingsSheet,
  wall,
} from '../bundle/harness';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** The shop on 2026-11-22 at 8:00, installed as the Apps Script globals, and its day. */
function shop(sheets: SheetData[]) {
  const installed = installGlobals({
    spreadsheet: { id: 'ss', name: 'ここち堂 顧客台帳', timeZone: TZ, sheets },
    clock: new FakeClock(wall('2026-11-22', 8)),
  });
  restore = installed.restore;
  return { services: installed.services, ...day(installed.services) };
}

/** The workbook read afresh (as the next run reads it), its due contacts and their messages. */
function day(services: FakeServices) {
  const ss = services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  const wb = loadWorkbook(ss, new Date(wall('2026-11-22', 8)));
  const due = planOf(wb).due;
  const messages = new Map<DueContact, ComposedMessage>(due.map((d) => [d, composeMessage(d, wb)]));
  return { wb, due, messages };
}

function records(services: FakeServices, name: string): Record<string, CellValue>[] {
  const [header = [], ...rows] = services.spreadsheet.sheet(name)?.toData().values ?? [];
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ''])));
}

/** Gmail as MailDrafts: `create` answers from `make`, which sees 連絡履歴 as it is when the draft is asked for. */
function mailbox(
  services: FakeServices,
  make: (request: DraftRequest, log: Record<string, CellValue>[]) => DraftRef,
) {
  const asked: DraftRequest[] = [];
  const mail: MailDrafts = {
    create(request) {
      asked.push(request);
      return make(request, records(services, '連絡履歴'));
    },
    fates: () => new Map(),
    discard: () => undefined,
    send: () => {
      throw new Error('not sent in these tests');
    },
    existing: () => new Map(),
  };
  return { mail, asked };
}

/** A budget just started (node's clock, not the fake one: Budget measures real time spent). */
function inTime(): Budget {
  return new Budget(Date.now());
}

const EVERY_CHANNEL = [
  customerSheet([...ONE_PER_CHANNEL, C4_CALLER]),
  settingsSheet(SHOP_SETTINGS),
  logSheet([C4_INQUIRY_SENT]),
];

describe('prepareContacts: a preparer per channel', () => {
  test('each channel leaves its own trace, after the intent is on 連絡履歴', () => {
    const { services, wb, due, messages } = shop(EVERY_CHANNEL);
    expect(due.map((d) => d.channel).sort()).toEqual(['LINE', 'メール', '手紙', '電話'].sort());
    const { mail, asked } = mailbox(services, (request, seen) => {
      // The draft is made only once its intent (準備中, with its address) is on the sheet.
      const intent = seen.find((r) => r['顧客ID'] === 'M1' && r['チャネル'] === 'メール');
      expect(intent?.['状態']).toBe('準備中');
      expect(String(intent?.['内容'])).toContain(`宛先: ${request.to}\n件名: ${request.subject}`);
      return { draftId: 'r-1', threadId: 't-1' };
    });

    const done = prepareContacts(wb, due, messages, mail, inTime());

    expect(asked).toHaveLength(1);
    expect(done).toEqual({
      prepared: { メール: 1, LINE: 1, 手紙: 1, 電話: 1 },
      failed: 0,
      gmailLimit: false,
      interrupted: false,
      ownerOnly: '',
    });
    const byId = Object.fromEntries(records(services, '連絡履歴').map((r) => [`${r['顧客ID']}`, r]));
    expect(byId.M1['状態']).toBe('下書き');
    expect(byId.L1['状態']).toBe('承認待ち');
    expect(byId.P1['状態']).toBe('印刷待ち');
    // A call's 内容 is its talking points, no 件名 above them.
    expect(byId.C4['状態']).toBe('予定');
    expect(String(byId.C4['内容'])).not.toContain('件名:');
    const outbox = records(services, 'LINE送信');
    expect(outbox.map((r) => r['顧客ID'])).toEqual(['L1']);
  });

  test("Gmail's daily quota: the first refusal leaves every other email 失敗 without asking Gmail again", () => {
    const second = { ...ONE_PER_CHANNEL[0], 顧客ID: 'M2', 氏名: '山本 さくら', メール: 'm2@example.jp' };
    const { services, wb, due, messages } = shop([
      customerSheet([ONE_PER_CHANNEL[0], second]),
      settingsSheet(SHOP_SETTINGS),
    ]);
    const { mail, asked } = mailbox(services, () => {
      throw new Error('Service invoked too many times for one day: gmail.');
    });

    const done = prepareContacts(wb, due, messages, mail, inTime());

    expect(asked).toHaveLength(1);
    expect(done).toMatchObject({ failed: 2, gmailLimit: true, interrupted: false });
    const rows = records(services, '連絡履歴');
    expect(rows.map((r) => r['状態'])).toEqual(['失敗', '失敗']);
    expect(rows.every((r) => String(r['備考']).startsWith('Gmailの1日の上限に達したため'))).toBe(true);
  });

  test('an email left 失敗 is tried again on its own row, back to 準備中 before Gmail is asked', () => {
    const { services, wb, due, messages } = shop([
      customerSheet([ONE_PER_CHANNEL[0]]),
      settingsSheet(SHOP_SETTINGS),
    ]);
    const refused = mailbox(services, () => {
      throw new Error('Service invoked too many times for one day: gmail.');
    });
    prepareContacts(wb, due, messages, refused.mail, inTime());
    expect(records(services, '連絡履歴').map((r) => r['状態'])).toEqual(['失敗']);

    const next = day(services);
    expect(next.due.map((d) => d.retryOf)).toEqual([0]);
    const { mail, asked } = mailbox(services, (_request, seen) => {
      expect(seen.map((r) => r['状態'])).toEqual(['準備中']);
      return { draftId: 'r-2', threadId: 't-2' };
    });
    const done = prepareContacts(next.wb, next.due, next.messages, mail, inTime());

    expect(asked).toHaveLength(1);
    expect(done).toMatchObject({ failed: 0, prepared: { メール: 1 } });
    expect(records(services, '連絡履歴').map((r) => r['状態'])).toEqual(['下書き']);
  });

  test('past the time budget nothing is made: every contact stays 準備中 for the next run', () => {
    const { services, wb, due, messages } = shop(EVERY_CHANNEL);
    const { mail, asked } = mailbox(services, () => ({ draftId: 'r-1', threadId: 't-1' }));

    const done = prepareContacts(wb, due, messages, mail, new Budget(Date.now(), -1));

    expect(asked).toHaveLength(0);
    expect(done).toMatchObject({ interrupted: true, prepared: { メール: 0, LINE: 0, 手紙: 0, 電話: 0 } });
    // Below C4's お伺い, sent on 11-17: the four intents, left as they were written.
    const written = records(services, '連絡履歴').slice(1);
    expect(written.map((r) => r['状態'])).toEqual(['準備中', '準備中', '準備中', '準備中']);
    expect(services.spreadsheet.sheet('LINE送信')).toBeUndefined();
  });

  test('Gmail not permitted: every email is left 失敗 with what to grant, Gmail is never asked, the rest prepared', () => {
    const { services, wb, due, messages } = shop(EVERY_CHANNEL);
    const { mail, asked } = mailbox(services, () => ({ draftId: 'r-1', threadId: 't-1' }));

    const done = prepareContacts(wb, due, messages, mail, inTime(), true);

    expect(asked).toHaveLength(0);
    expect(done).toMatchObject({ failed: 1, prepared: { メール: 0, LINE: 1, 手紙: 1, 電話: 1 } });
    const email = records(services, '連絡履歴').find((r) => r['顧客ID'] === 'M1');
    expect(email?.['状態']).toBe('失敗');
    expect(String(email?.['備考'])).toMatch(
      /^Gmailの許可（「.+」）がないため、下書きを作れません。許可すると次の実行で作ります$/,
    );
  });

  test('LINE自動送信: the LINE is 承認済 on 連絡履歴 and on LINE送信, for the hourly batch to send', () => {
    const { services, wb, due, messages } = shop([
      customerSheet([...ONE_PER_CHANNEL]),
      settingsSheet([...SHOP_SETTINGS, ['LINE自動送信', 'TRUE']]),
    ]);
    const { mail } = mailbox(services, () => ({ draftId: 'r-1', threadId: 't-1' }));

    prepareContacts(wb, due, messages, mail, inTime());

    const line = records(services, '連絡履歴').find((r) => r['チャネル'] === 'LINE');
    expect(line?.['状態']).toBe('承認済');
    expect(records(services, 'LINE送信').map((r) => [r['顧客ID'], r['状態']])).toEqual([['L1', '承認済']]);
  });
});
