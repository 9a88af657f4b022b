/**
 * The little of Telegram's Mini App bridge the dashboard needs, without loading Telegram's script
 * from a CDN: the launch parameters Telegram puts in the URL fragment (the signed initData and the
 * theme), and the events "ready", "expand" and "theme changed".
 */

export interface Launch {
  initData: string;
  theme: Record<string, string>;
}

const STORE = 'bagalau.launch';

/**
 * Reads the launch parameters once, keeps them for a reload of this tab only, and takes them out of
 * the address bar: nothing of the caller stays in the page's URL.
 */
export function readLaunch(): Launch {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const fromHash = hash.get('tgWebAppData');
  if (fromHash) {
    let theme: Record<string, string> = {};
    try {
      theme = JSON.parse(hash.get('tgWebAppThemeParams') ?? '{}');
    } catch {
      theme = {};
    }
    const launch = { initData: fromHash, theme };
    sessionStorage.setItem(STORE, JSON.stringify(launch));
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return launch;
  }
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? '') as Launch;
  } catch {
    return { initData: '', theme: {} };
  }
}

/** Telegram's theme as CSS variables (--tg-theme-bg-color, ...), which style.css falls back from. */
export function applyTheme(theme: Record<string, string>): void {
  const root = document.documentElement.style;
  for (const [key, value] of Object.entries(theme)) {
    if (/^[a-z_]+$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(value))
      root.setProperty(`--tg-theme-${key.replaceAll('_', '-')}`, value);
  }
}

interface Bridge {
  TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  Telegram?: { WebView?: { receiveEvent(type: string, data: unknown): void } };
}

/** Sends an event to the Telegram client (mobile: the webview proxy; web clients: the parent frame). */
export function postEvent(type: string, data: Record<string, unknown> = {}): void {
  const bridge = window as unknown as Bridge;
  if (bridge.TelegramWebviewProxy) bridge.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
  else if (window.parent !== window)
    window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), '*');
}

/** Calls `onTheme` whenever the client says its theme changed. */
export function listenToClient(onTheme: (theme: Record<string, string>) => void): void {
  const receive = (type: string, data: unknown) => {
    const params = (data as { theme_params?: Record<string, string> } | null)?.theme_params;
    if (type === 'theme_changed' && params) onTheme(params);
  };
  const bridge = window as unknown as Bridge;
  bridge.Telegram = { ...bridge.Telegram, WebView: { receiveEvent: receive } };
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || typeof event.data !== 'string') return;
    try {
      const { eventType, eventData } = JSON.parse(event.data) as { eventType?: string; eventData?: unknown };
      if (eventType) receive(eventType, eventData);
    } catch {
      // not a Telegram event
    }
  });
}
