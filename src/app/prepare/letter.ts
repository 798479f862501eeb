import { messageContent, type Preparer } from './preparer';

/**
 * 手紙: a letter waiting to be printed (印刷待ち). Its 内容 is the letter itself; the 手紙 and 宛名ラベル sheets are
 * laid out from every 印刷待ち row afterwards (rebuildLetters), after the day's preparing or the sidebar's action.
 */
export const LETTER_PREPARER: Preparer = {
  channel: '手紙',
  content: (_contact, message) => messageContent(message),
  prepare: () => ({ state: '印刷待ち' }),
};
