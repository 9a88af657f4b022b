import type { Translate } from '../src/i18n/index.ts';
import type { RosterError } from '../src/people/roster/index.ts';

const MAX_LISTED = 40;

/** One line per bad row and column, in the HR officer's language; long lists are cut. */
export function describeRosterErrors(t: Translate, errors: readonly RosterError[]): string {
  const lines = errors.slice(0, MAX_LISTED).map((error) => {
    const reason = t(`people:rosterErrors.${error.code}`, { value: error.value ?? '', column: error.column ?? '' });
    return 'row' in error && typeof error.row === 'number'
      ? t('people:import.rowError', { row: error.row, column: error.column ?? '', reason })
      : t('people:import.fileError', { reason });
  });
  if (errors.length > MAX_LISTED) lines.push(t('people:import.more', { count: errors.length - MAX_LISTED }));
  return [t('people:import.failed', { count: errors.length }), ...lines].join('\n');
}
