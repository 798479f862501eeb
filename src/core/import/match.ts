/**
 * Who a row of an export is (issue 17): by 顧客ID, then by what an earlier import (or the owner's confirmation)
 * tied to a customer in 来店履歴, then by phone number, then by email, then by 氏名 with フリガナ. Only what cannot be
 * anyone else is certain; everything else is listed for the owner, who confirms or rejects it — an uncertain match
 * is never merged without them.
 */
import { sameCustomerId } from '../line-links';
import type { Customer } from '../types';
import type { ImportedVisit } from './model';
import { emailKey, kanaKey, nameKey, phoneKey } from './values';

/** The person a row is about, the same for every row of one person: by 会員番号, phone, email or name. */
export function identityOf(
  v: Pick<ImportedVisit, 'customerId' | 'externalId' | 'phone' | 'email' | 'name' | 'kana'>,
  source: string,
): string {
  if (v.customerId) return `id:${sameCustomerId(v.customerId)}`;
  if (v.externalId) return `ext:${source}:${sameCustomerId(v.externalId)}`;
  // A phone or an address may be a family's: the name keeps its members apart.
  const name = nameKey(v.name);
  const tel = phoneKey(v.phone);
  if (tel) return `tel:${tel}|${name}`;
  const mail = emailKey(v.email);
  if (mail) return `mail:${mail}|${name}`;
  if (name) return `name:${name}|${kanaKey(v.kana)}`;
  return '';
}

export interface Match {
  status: 'matched' | 'uncertain' | 'new';
  customerId: string;
  why: string;
  candidates: { customerId: string; name: string; why: string }[];
}

/** What the matcher knows: 顧客's rows and the identities 来店履歴 already ties to a customer. */
export class CustomerIndex {
  private readonly byId = new Map<string, Customer>();
  private readonly byPhone = new Map<string, Customer[]>();
  private readonly byEmail = new Map<string, Customer[]>();
  private readonly byName = new Map<string, Customer[]>();

  constructor(
    customers: readonly Customer[],
    /** identity → 顧客ID, from 来店履歴 rows written earlier (certain: the owner confirmed or it was certain then). */
    private readonly known: ReadonlyMap<string, string>,
  ) {
    for (const c of customers) {
      if (!c.id) continue;
      this.byId.set(sameCustomerId(c.id), c);
      add(this.byPhone, c.phone ? phoneKey(c.phone) : '', c);
      add(this.byEmail, c.email ? emailKey(c.email) : '', c);
      add(this.byName, nameKey(c.name), c);
    }
  }

  customer(id: string): Customer | undefined {
    return this.byId.get(sameCustomerId(id));
  }

  match(v: ImportedVisit, identity: string): Match {
    const none: Match = { status: 'new', customerId: '', why: '', candidates: [] };
    const name = nameKey(v.name);
    if (v.customerId) {
      // Another system's own 顧客ID column may number its customers differently: the name must agree.
      const c = this.customer(v.customerId);
      if (c && (name === '' || nameKey(c.name) === name)) return certain(c, '顧客ID');
      if (c)
        return {
          status: 'uncertain',
          customerId: '',
          why: `顧客IDは同じですが、お名前が違います（顧客では「${c.name}」様）`,
          candidates: [candidate(c, '顧客IDが同じ')],
        };
    }
    const knownId = this.known.get(identity);
    if (knownId && this.customer(knownId))
      return certain(this.customer(knownId) as Customer, '前回の取り込み');
    const kana = kanaKey(v.kana);
    const sameName = (c: Customer) => name !== '' && nameKey(c.name) === name;
    const otherName = (c: Customer) => name !== '' && nameKey(c.name) !== name;
    for (const [what, key, index] of [
      ['電話番号', phoneKey(v.phone), this.byPhone],
      ['メールアドレス', emailKey(v.email), this.byEmail],
    ] as const) {
      const found = key ? (index.get(key) ?? []) : [];
      if (found.length === 1 && !otherName(found[0])) return certain(found[0], what);
      if (found.length > 0)
        return {
          status: 'uncertain',
          customerId: '',
          why:
            found.length > 1
              ? `${what}が同じお客様が${found.length}人います`
              : `${what}は同じですが、お名前が違います（ご家族かもしれません）`,
          candidates: found.map((c) => candidate(c, sameName(c) ? `${what}とお名前が同じ` : `${what}が同じ`)),
        };
    }
    const named = name ? (this.byName.get(name) ?? []) : [];
    if (named.length === 0) return none;
    const kanaAgrees = (c: Customer) => kana !== '' && c.kana !== undefined && kanaKey(c.kana) === kana;
    const kanaDiffers = (c: Customer) => kana !== '' && c.kana !== undefined && kanaKey(c.kana) !== kana;
    const possible = named.filter((c) => !kanaDiffers(c));
    if (possible.length === 0) return none;
    return {
      status: 'uncertain',
      customerId: '',
      why:
        possible.length > 1
          ? `同じお名前のお客様が${possible.length}人います`
          : 'お名前だけが同じです（電話番号・メールアドレスでは確かめられません）',
      candidates: possible.map((c) =>
        candidate(c, kanaAgrees(c) ? 'お名前とフリガナが同じ' : 'お名前が同じ'),
      ),
    };
  }
}

function certain(c: Customer, why: string): Match {
  return { status: 'matched', customerId: c.id, why, candidates: [] };
}

function candidate(c: Customer, why: string) {
  return { customerId: c.id, name: c.name, why };
}

function add(map: Map<string, Customer[]>, key: string, c: Customer): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}
