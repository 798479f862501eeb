import { menuPath } from './menu-path';
import { OwnerError } from '../core/errors';
import { MENU } from '../labels';
import { gmailMailbox, type MailDrafts } from '../channels/gmail';
import { SCOPE, scopeLabel } from './scopes';
import { documentProperties, keepProperty } from './document-properties';

/**
 * One owner account. Gmail drafts, installable triggers and the effective user are per Google account
 * (https://developers.google.com/apps-script/guides/triggers/installable#restrictions: a trigger runs as the
 * account that created it and only that account sees it), so Tsunagu keeps its drafts, its hourly trigger and the
 * morning notice in one account: the one that turned on 自動実行, recorded in the document properties. Another
 * editor may read the sidebar, record calls and letters and approve LINE; what lives in the owner's account is
 * left to the owner's runs, and the editor is told so.
 */
const OWNER_PROPERTY = 'tsunagu.owner';
/** 'on' / 'off' as the owner last set it, so another editor can see it (their getProjectTriggers() is their own). */
const AUTO_RUN_PROPERTY = 'tsunagu.autoRun';

/** The account this execution runs as ('' where Apps Script does not say). */
export function currentAccount(): string {
  try {
    return Session.getEffectiveUser().getEmail() || '';
  } catch {
    return '';
  }
}

/** The recorded owner, or '' before anyone turned on 自動実行. */
export function ownerAccount(): string {
  return documentProperties().getProperty(OWNER_PROPERTY) ?? '';
}

export function recordOwner(email: string): void {
  // Written only when it changes: the first preparing run records it with each draft it makes (75 ms a write).
  if (email) keepProperty(OWNER_PROPERTY, email);
}

/**
 * Whether this execution may use the owner's Gmail and trigger: it runs as the recorded owner, or no owner is
 * recorded yet and Apps Script says who runs (that account becomes the owner when it turns on 自動実行).
 */
export function runsAsOwner(): boolean {
  const owner = ownerAccount();
  const me = currentAccount();
  return owner ? me !== '' && me.toLowerCase() === owner.toLowerCase() : true;
}

export function recordAutoRun(on: boolean): void {
  documentProperties().setProperty(AUTO_RUN_PROPERTY, on ? 'on' : 'off');
}

export function recordedAutoRun(): boolean {
  return documentProperties().getProperty(AUTO_RUN_PROPERTY) === 'on';
}

/**
 * Japanese: what another editor is told when they reach for something that is the owner's; `later` says what the
 * owner's own runs will do about it, when they will. When Apps Script does not say who this account is (the
 * permission to read the address was not granted), that is what the owner must fix first.
 */
export function ownerOnlyMessage(what: string, later = ''): string {
  const owner = ownerAccount();
  if (!currentAccount())
    return `いま開いているGoogleアカウントのメールアドレスがわからないため、${what}ができません。${menuPath(MENU.diagnose)}を押し、Google の許可画面で「${scopeLabel(SCOPE.email)}」にチェックを入れてください。`;
  return `${what}はオーナー（${owner}）のGoogleアカウントで行います。${owner} でログインしてこのスプレッドシートを開き、操作してください。${later}`;
}

/** Thrown where another editor's run would touch the owner's Gmail. */
export class OwnerOnlyError extends OwnerError {
  constructor(what: string, later = '') {
    super(ownerOnlyMessage(what, later));
  }
}

/**
 * Gmail as this execution may use it: the owner's mailbox when it runs as the owner; otherwise a mailbox that
 * knows nothing (so no draft is ever recorded as sent or deleted from another account's mailbox) and refuses to
 * make or delete drafts, which the owner's next run does.
 */
export function mailOfThisAccount(): MailDrafts {
  if (runsAsOwner()) {
    const mailbox = gmailMailbox();
    if (ownerAccount()) return mailbox;
    // No owner yet (自動実行 was never turned on): the first account whose Gmail gets a draft becomes the owner, so
    // no later run looks for that draft in another account's mailbox and records it as deleted.
    return {
      ...mailbox,
      create(request) {
        recordOwner(currentAccount());
        return mailbox.create(request);
      },
    };
  }
  return {
    ofAnotherAccount: true,
    create() {
      throw new OwnerOnlyError('Gmailの下書き作成', '1時間後のオーナーの自動実行でも作られます。');
    },
    fates: () => new Map(),
    existing: () => new Map(),
    discard() {
      throw new OwnerOnlyError('Gmailの下書きの削除');
    },
    send() {
      throw new OwnerOnlyError('Gmailの下書きの送信');
    },
  };
}
