/** What GET api/session answers: the caller's language and texts, their body, what they may see. */
export interface Session {
  lang: string;
  messages: Record<string, unknown>;
  organisation: { code: string; name: string };
  seesResults: boolean;
  /** The methodology's bands, best first. */
  bands: { id: string; label: string }[];
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

export interface Campaign {
  kind: 'ranking' | 'survey360';
  id: string;
  title: string;
  state: string;
  deadline?: string;
}
