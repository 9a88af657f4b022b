/** Surname and initials: "Zhumabekova Aigul Serikkyzy" → "Zhumabekova A. S."; one word stays as it is. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return '';
  const initials = rest.map((part) => `${[...part][0]?.toUpperCase() ?? ''}.`);
  return [surname, ...initials].join(' ');
}

/** The full name when it fits a button's `room` (in characters), else surname and initials. */
export function nameForButton(fullName: string, room: number): string {
  return [...fullName].length <= room ? fullName : shortName(fullName);
}
