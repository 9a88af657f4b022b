// The formatting layer: every number, score, percent, date and period a person reads goes through
// these functions, called where the message is built. Templates only place the result; they never
// attach a case suffix to it (Kazakh suffixes depend on how the value is spoken).
export { formatDate, formatDateTime, parseTypedDate } from './dates.ts';
export { nameForButton, shortName } from './names.ts';
export { formatNumber, formatPercent, formatScore } from './numbers.ts';
export { formatPeriod, type PeriodForm, periodWords } from './periods.ts';
