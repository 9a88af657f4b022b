/** Surname and initials: "Zhumabekova Aigul Serikkyzy" → "Zhumabekova A. S."; one word stays as it is. */
export function shortName(fullName: string): string {
  const [surname, ...rest] = fullName.trim().split(/\s+/);
  if (!surname) return '';
  const initials = rest.map((part) => `${[...part][0]?.toUpperCase() ?? ''}.`);
  return [surname, ...initials].join(' ');
}

/** The full name when it fits a button's `room` (in characters), else surname and initials. */
export function nameForButton(fullName: string, room: number): string {
  if ([...fullName].length <= room) return fullName;
  const short = [...shortName(fullName)];
  // A surname longer than the room itself is cut, so the button still fits a phone.
  return short.length <= room ? short.join('') : `${short.slice(0, room - 1).join('')}…`;
}
