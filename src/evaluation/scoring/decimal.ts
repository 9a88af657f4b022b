import { ScoringError } from './types.ts';

// Decimal-safe helpers. Numbers are read through their shortest round-trip decimal string (what String(x)
// prints, i.e. what a person typed), so 2.675 is treated as the decimal 2.675, not as the binary double
// 2.67499999…; all arithmetic on scores is done on integer hundredths.

interface DecimalParts {
  negative: boolean;
  /** All significant digits as an integer. */
  digits: bigint;
  /** Number of digits after the decimal point (may be negative for large exponents). */
  scale: number;
}

function decimalParts(x: number): DecimalParts {
  if (!Number.isFinite(x)) throw new ScoringError('notFinite');
  const text = String(Math.abs(x)); // e.g. "2.675", "1e-7", "1.5e+21"
  const [mantissa = '0', exponentText] = text.split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [intPart = '0', fracPart = ''] = mantissa.split('.');
  return {
    negative: x < 0,
    digits: BigInt(intPart + fracPart),
    scale: fracPart.length - exponent,
  };
}

/** Number of decimal places of x as written in its shortest form (4.5 → 1, 4.55 → 2, 5 → 0). */
export function decimalPlaces(x: number): number {
  const { digits, scale } = decimalParts(x);
  if (digits === 0n) return 0;
  let places = scale;
  let rest = digits;
  while (places > 0 && rest % 10n === 0n) {
    rest /= 10n;
    places -= 1;
  }
  return Math.max(0, places);
}

/** Rounds |x|'s exact decimal value half up (ties away from zero) to `decimals` places, as a bigint scaled by 10^decimals. */
function roundedScaled(x: number, decimals: number): bigint {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) throw new ScoringError('invalidDecimals');
  const { negative, digits, scale } = decimalParts(x);
  let magnitude: bigint;
  if (scale <= decimals) {
    magnitude = digits * 10n ** BigInt(decimals - scale);
  } else {
    const divisor = 10n ** BigInt(scale - decimals);
    magnitude = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) magnitude += 1n;
  }
  return negative ? -magnitude : magnitude;
}

/**
 * Exact decimal half-up rounding: 2.675 → 2.68, 1.995 → 2, 3.9949999 → 3.99, 1.005 → 1.01.
 * Negative values round half away from zero (-2.675 → -2.68). Throws ScoringError('notFinite') on NaN/∞.
 */
export function roundHalfUp(x: number, decimals = 2): number {
  const scaled = roundedScaled(x, decimals);
  if (scaled === 0n) return 0; // never -0
  return Number(`${scaled}e-${decimals}`);
}

/** x rounded half up to an integer number of hundredths (4.755 → 476). */
export function toHundredths(x: number): number {
  return Number(roundedScaled(x, 2));
}

/** 476 → 4.76 (IEEE division is correctly rounded, so this is the double nearest to the decimal). */
export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

/** numerator / denominator rounded half up, exactly, for a non-negative numerator and a positive denominator. */
export function divideHalfUp(numerator: number, denominator: number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  return Number((2n * n + d) / (2n * d));
}

/** x as an exact fraction numerator / 10^scale of its shortest decimal form. */
function exactFraction(x: number): { numerator: bigint; denominator: bigint } {
  const { negative, digits, scale } = decimalParts(x);
  const numerator = negative ? -digits : digits;
  return scale >= 0
    ? { numerator, denominator: 10n ** BigInt(scale) }
    : { numerator: numerator * 10n ** BigInt(-scale), denominator: 1n };
}

/** |x|'s exact decimal value cut (never rounded) to whole hundredths, sign kept: 99.9955 → 9999. */
export function truncatedHundredths(x: number): number {
  const { negative, digits, scale } = decimalParts(x);
  const magnitude = scale <= 2 ? digits * 10n ** BigInt(2 - scale) : digits / 10n ** BigInt(scale - 2);
  if (magnitude === 0n) return 0;
  return Number(negative ? -magnitude : magnitude);
}

/**
 * part / whole × 100 cut to 2 decimals, computed exactly; both non-negative, whole > 0. A percent is
 * cut, never rounded: 19 999 of 20 000 is 99.995 %, which has not reached 100 % (99.99).
 */
export function percentTruncated(part: number, whole: number): number {
  const p = exactFraction(part);
  const w = exactFraction(whole);
  const n = p.numerator * w.denominator * 10_000n;
  const d = p.denominator * w.numerator;
  return Number(n / d) / 100;
}
