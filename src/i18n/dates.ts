import { almatyDateOf, type IsoDate, isIsoDate } from '../calendar/index.ts';

/** 2026-01-10 → 10.01.2026, the way dates are written in Kazakh and Russian documents. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
}

/**
 * A date as a person types it, DD.MM.YYYY (or YYYY-MM-DD), as an ISO date; null for anything that is
 * not a real calendar date: 30.02.2026 is refused, never rolled over into March.
 */
export function parseTypedDate(text: string): IsoDate | null {
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  const iso = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : text.trim();
  return isIsoDate(iso) ? iso : null;
}

const almatyTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Almaty',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026-12-01T04:05Z → 01.12.2026 09:05 (Almaty time), for registers and acknowledgements. */
export function formatDateTime(instant: Date): string {
  return `${formatDate(almatyDateOf(instant))} ${almatyTime.format(instant)}`;
}
