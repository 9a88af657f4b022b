import type { AppServices } from '../../services.ts';
import { alertLatePassing, openMissingCases, tellMembersDue } from './cases.ts';

/** The Commission's daily work: cases for agreed sheets, HR's late passing, members told of meetings. */
export async function commissionDaily(services: AppServices): Promise<void> {
  await openMissingCases(services);
  await alertLatePassing(services);
  await tellMembersDue(services);
}
