import { ApiError } from './api.ts';
import { h, show } from './dom.ts';
import { tr } from './i18n.ts';

/** An error: what the caller can do about it, in their language. */
export function showError(container: Element, error: unknown): void {
  show(container, h('p', { class: 'notice', 'data-testid': 'error' }, failureText(error)));
}

export const failureText = (error: unknown): string =>
  error instanceof ApiError && error.status === 401
    ? tr('errors.reopen')
    : error instanceof ApiError && error.status === 403
      ? tr('errors.notAllowed')
      : tr('errors.failed');
