import { api, useInitData } from './api.ts';
import { h, show } from './dom.ts';
import { showError } from './errors.ts';
import { setMessages, tr } from './i18n.ts';
import { appealsScreen, registerScreen } from './screens/delivery.ts';
import { progressScreen } from './screens/progress.ts';
import { resultsScreen } from './screens/results.ts';
import type { Session } from './session.ts';
import { applyTheme, listenToClient, postEvent, readLaunch } from './telegram.ts';

type Tab = 'progress' | 'results' | 'register' | 'appeals';

const app = document.getElementById('app')!;

async function start(): Promise<void> {
  const launch = readLaunch();
  applyTheme(launch.theme);
  listenToClient(applyTheme);
  postEvent('web_app_ready');
  postEvent('web_app_expand');
  useInitData(launch.initData);
  let session: Session;
  try {
    session = await api<Session>('session');
  } catch (error) {
    await showFailure(error, launch.initData);
    return;
  }
  setMessages(session.lang, session.messages);
  const tabs: Tab[] = session.seesResults
    ? ['progress', 'results', 'register', 'appeals']
    : ['progress', 'register', 'appeals'];
  const screen = h('div', { id: 'screen' });
  const nav = h('nav', { role: 'tablist' });
  const open = (tab: Tab) => {
    for (const button of nav.querySelectorAll('button'))
      button.setAttribute('aria-selected', String(button.dataset.tab === tab));
    show(screen);
    const screens: Record<Tab, () => Promise<void>> = {
      progress: () => progressScreen(screen),
      results: () => resultsScreen(screen, session),
      register: () => registerScreen(screen),
      appeals: () => appealsScreen(screen),
    };
    screens[tab]().catch((error: unknown) => showError(screen, error));
  };
  for (const tab of tabs)
    nav.append(
      h(
        'button',
        { role: 'tab', 'data-tab': tab, 'data-testid': `tab-${tab}`, onclick: () => open(tab) },
        tr(`tabs.${tab}`),
      ),
    );
  show(app, h('header', {}, h('h1', {}, session.organisation.name), nav), screen);
  open('progress');
}

/** Without a session the texts come from the public export of the language Telegram reports. */
async function showFailure(error: unknown, initData: string): Promise<void> {
  let lang = 'kk';
  try {
    const user = JSON.parse(new URLSearchParams(initData).get('user') ?? '{}') as { language_code?: string };
    if (user.language_code === 'ru') lang = 'ru';
  } catch {
    // no user: Kazakh
  }
  try {
    const response = await fetch(`locale/${lang}.json`, { cache: 'no-store' });
    if (response.ok) setMessages(lang, (await response.json()) as Record<string, unknown>);
  } catch {
    // the keys stand in for the texts
  }
  showError(app, error);
}

void start();
