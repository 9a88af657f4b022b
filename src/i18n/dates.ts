import { almatyDateOf } from '../calendar/index.ts';

/** 2026-01-10 → 10.01.2026, the way dates are written in Kazakh and Russian documents. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}.${month}.${year}`;
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
