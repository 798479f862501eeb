import { PUBLISHED_AS_ADDON } from './build-flags';
import { MENU } from '../labels';

/**
 * Where a menu item is, as the owner finds it: the bound script's own menu 「フォローアップ」, or — in the add-on build,
 * whose items sit under 拡張機能 (Ui.createAddonMenu) — 「拡張機能」→「つなぐ」.
 */
export function menuPath(item: string): string {
  return PUBLISHED_AS_ADDON
    ? `メニュー「拡張機能」→「つなぐ」→「${item}」`
    : `メニュー「${MENU.title}」→「${item}」`;
}
