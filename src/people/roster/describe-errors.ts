import type { Translate } from '../../i18n/index.ts';
import type { RosterError } from './index.ts';

const MAX_LISTED = 40;

/** One line per bad row and column, in the HR officer's language; long lists are cut. */
export function describeRosterErrors(t: Translate, errors: readonly RosterError[]): string {
  const lines = errors.slice(0, MAX_LISTED).map((error) => {
    const column = error.column ?? '';
    if (!('row' in error))
      return t('people:import.fileError', { reason: t(`people:rosterErrors.${error.code}`, { column }) });
    const reason = t(`people:rosterErrors.${error.code}`, { value: error.value ?? '', column });
    return t('people:import.rowError', { row: error.row, column, reason });
  });
  if (errors.length > MAX_LISTED) lines.push(t('people:import.more', { count: errors.length - MAX_LISTED }));
  return [t('people:import.failed', { count: errors.length }), ...lines].join('\n');
}
