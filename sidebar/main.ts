import { say } from './dom';
import { ImportPanel } from './import';
import { SettingsPanel } from './settings';
import { TodayPanel } from './today';
import { WizardPanel } from './wizard';

const byId = (id: string) => document.getElementById(id) as HTMLElement;

const today = new TodayPanel(byId('today'), byId('banner'), byId('date'));
const settings = new SettingsPanel(byId('settings'));
const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const wizard = new WizardPanel(byId('wizard'), (tab) => show(tab));
const importer = new ImportPanel(byId('import'), (tab) => show(tab));

/** Shows one tab; its panel loads fresh each time it is opened. */
function show(name: string): void {
  for (const tab of tabs) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute('aria-controls') ?? '').hidden = !selected;
  }
  if (name === 'wizard') byId('tab-wizard').hidden = false;
  byId('banner').hidden = true;
  say('');
  // 「CSVを取り込む」: its tab is there once opened (from the menu or the button at the bottom).
  if (name === 'import') {
    byId('tab-import').hidden = false;
    void importer.load();
    return;
  }
  void (name === 'settings' ? settings.load() : name === 'wizard' ? wizard.load() : today.load());
}

for (const tab of tabs) {
  tab.addEventListener('click', () => show(tab.dataset.tab ?? 'today'));
  // Arrow keys move between tabs, as in any tab list.
  tab.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    // The 初期設定 tab is there only once the wizard was opened (index.html hides it).
    const shown = tabs.filter((t) => !t.hidden);
    const next =
      shown[(shown.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : shown.length - 1)) % shown.length];
    next.focus();
    show(next.dataset.tab ?? 'today');
  });
}
byId('reload').addEventListener('click', () => {
  const current = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
  show(current?.dataset.tab ?? 'today');
});
byId('open-import').addEventListener('click', () => show('import'));

show(
  ['settings', 'wizard', 'import'].includes(document.body.dataset.tab ?? '')
    ? (document.body.dataset.tab as string)
    : 'today',
);
