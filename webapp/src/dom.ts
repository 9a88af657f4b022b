type Child = Node | string | number | null | undefined | false;

/**
 * Builds an element; text is always set as text (never parsed as HTML), so names and statements
 * people wrote cannot inject anything into the page.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : String(child));
  }
  return element;
}

/** Replaces what a container shows. */
export function show(container: Element, ...children: Child[]): void {
  container.replaceChildren();
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    container.append(typeof child === 'object' ? child : String(child));
  }
}

/** A short message at the bottom of the screen. */
export function toast(text: string): void {
  document.querySelector('.toast')?.remove();
  const element = h('div', { class: 'toast', role: 'status', 'data-testid': 'toast' }, text);
  document.body.append(element);
  setTimeout(() => element.remove(), 3000);
}
