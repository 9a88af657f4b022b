/** The page's texts: the webapp namespace of the caller's language, as the bot's locale files hold it. */
let messages: Record<string, unknown> = {};
let plural = new Intl.PluralRules('kk');

export function setMessages(lang: string, bundle: Record<string, unknown>): void {
  messages = bundle;
  plural = new Intl.PluralRules(lang);
  document.documentElement.lang = lang;
}

function lookup(key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

/** i18next's conventions: {{name}} placeholders and _one/_few/_many/_other plural keys by `count`. */
export function tr(key: string, values: Record<string, string | number> = {}): string {
  const count = values.count;
  const text =
    (typeof count === 'number'
      ? (lookup(`${key}_${plural.select(count)}`) ?? lookup(`${key}_other`))
      : undefined) ??
    lookup(key) ??
    key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
