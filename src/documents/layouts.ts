// Per-methodology layout of each document, as the seed's appendix forms have it: which appendix of
// which methodology the form is (the note in the top right corner) and which signature lines it carries.
// Keyed by the methodology data file's id; a methodology or document not listed gets the default layout,
// with no appendix note (the seed gives no form to cite). See README.md for the seed lines.

/** Who signs an evaluation sheet. */
export type SheetSigner = 'evaluator' | 'evaluatee' | 'reviewer';

/** The methodology whose appendix the form is: a key of `documents:sources` in the locales. */
export type FormSource = 'almatyCity' | 'justice' | 'typical' | 'koksu';

export type DocumentKind =
  | 'rankingSheet'
  | 'kpiSheet'
  | 'chapter6Sheet'
  | 'result360'
  | 'calibrationProtocol'
  | 'commissionProtocol'
  | 'refusalAct';

export interface FormLayout {
  source?: FormSource;
  /** Appendix number by form id (ranking form id, 360 audience); `*` for any. */
  appendix?: Readonly<Record<string, string>>;
  signers?: readonly SheetSigner[];
  /** The seed has the sheet certified with an electronic digital signature (Justice). */
  electronicSignature?: boolean;
}

const DEFAULT_SIGNERS: Partial<Record<DocumentKind, readonly SheetSigner[]>> = {
  rankingSheet: ['evaluator', 'evaluatee'],
  kpiSheet: ['evaluatee', 'evaluator'],
  chapter6Sheet: ['evaluator', 'reviewer', 'evaluatee'],
  result360: [],
};

const LAYOUTS: Readonly<Record<string, Partial<Record<DocumentKind, FormLayout>>>> = {
  'almaty-city-akimat-2023': {
    kpiSheet: { source: 'almatyCity', appendix: { '*': '2' }, signers: ['evaluatee', 'evaluator'] },
    rankingSheet: { source: 'almatyCity', appendix: { '*': '4' } },
    result360: { source: 'almatyCity', appendix: { heads: '7', staff: '8' } },
  },
  'justice-2026': {
    rankingSheet: {
      source: 'justice',
      appendix: { leadership: '1', 'non-leadership': '2' },
      signers: ['evaluator'],
      electronicSignature: true,
    },
  },
  'almaty-region-maslikhat-2023': {
    chapter6Sheet: { source: 'typical', appendix: { '*': '10' } },
    commissionProtocol: { source: 'typical', appendix: { '*': '11' } },
  },
  'koksu-district-maslikhat-2023': {
    chapter6Sheet: { source: 'koksu', appendix: { '*': '10' } },
    commissionProtocol: { source: 'koksu', appendix: { '*': '3' } },
  },
};

export interface ResolvedLayout {
  appendix: { source: FormSource; number: string } | null;
  signers: readonly SheetSigner[];
  electronicSignature: boolean;
}

/** The layout of `kind` for a methodology and form (ranking form id or 360 audience). */
export function layoutOf(methodologyId: string, kind: DocumentKind, formId = '*'): ResolvedLayout {
  const layout = LAYOUTS[methodologyId]?.[kind];
  const number = layout?.appendix?.[formId] ?? layout?.appendix?.['*'];
  return {
    appendix: layout?.source && number ? { source: layout.source, number } : null,
    signers: layout?.signers ?? DEFAULT_SIGNERS[kind] ?? [],
    electronicSignature: layout?.electronicSignature ?? false,
  };
}
