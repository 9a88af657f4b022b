import { describe, expect, it } from 'vitest';
import { noticeRules } from '../../src/notifications/notices.ts';

describe('noticeRules: a notice follows its route, with no term from code', () => {
  it('Almaty city: acquaintance 2 and a calibration request within 5 working days', () => {
    expect(noticeRules('almaty-city-akimat-2023')).toMatchObject({
      acquaintanceWorkingDays: 2,
      calibrationApplicationWorkingDays: 5,
    });
  });

  it('a Chapter 6 result follows the commission: no calibration request, the agency appeal in 10', () => {
    const chapter6 = noticeRules('koksu-district-maslikhat-2023', 'chapter-6-leave-2021-2022');
    expect(chapter6).toMatchObject({
      acquaintanceWorkingDays: 2,
      calibrationApplicationWorkingDays: null,
      agencyAppealWorkingDays: 10,
    });
    expect(noticeRules('koksu-district-maslikhat-2023').calibrationApplicationWorkingDays).toBe(5);
  });

  it('Justice: no acquaintance term; an unknown methodology: nothing set at all', () => {
    expect(noticeRules('justice-2026').acquaintanceWorkingDays).toBeNull();
    expect(Object.values(noticeRules('no-such-methodology')).every((v) => v === null)).toBe(true);
    expect(Object.values(noticeRules(null)).every((v) => v === null)).toBe(true);
  });
});
