import type { CardStock } from '../core/postcard-layout';
import { documentProperties } from './document-properties';

/**
 * Which card the はがき sheet is laid out for, a document property (never owner data): 官製はがき・年賀はがき (the
 * default: the 郵便番号枠 and the stamp are printed on them already, and the digits land in their frame) or 私製はがき
 * (blank card stock: the sheet also prints the 郵便番号枠 in 朱 and 「郵便はがき」). The owner switches it from the menu
 * (「はがきの用紙を切り替える」); the note on the sheet's A1 says which it is.
 */
const KEY = 'tsunagu.postcardStock';

export function postcardStock(): CardStock {
  return documentProperties().getProperty(KEY) === 'blank' ? 'blank' : 'bought';
}

export function setPostcardStock(stock: CardStock): void {
  documentProperties().setProperty(KEY, stock);
}
