/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) as exact fractions, and the downward
 * API's `resourceFieldRef` rounding: CPU as ceil(milli(value) / milli(divisor)), memory and
 * ephemeral storage as ceil(value / divisor), both as the kubelet computes them.
 */

/** An exact non-negative rational number. */
interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL_SUFFIX: Readonly<Record<string, [bigint, bigint]>> = {
  n: [1n, 1_000_000_000n],
  u: [1n, 1_000_000n],
  m: [1n, 1_000n],
  k: [1_000n, 1n],
  M: [1_000_000n, 1n],
  G: [1_000_000_000n, 1n],
  T: [1_000_000_000_000n, 1n],
  P: [1_000_000_000_000_000n, 1n],
  E: [1_000_000_000_000_000_000n, 1n],
};

const BINARY_SUFFIX: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** Parses a quantity; undefined when it is not one. */
export function parseQuantity(text: string): Fraction | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, sign, digits = '0', suffix, exponent] = match;
  if (sign === '-') return undefined;
  const [whole = '', fraction = ''] = digits.split('.');
  // The pattern gives at least one digit, so the string is never empty.
  let numerator = BigInt(`${whole}${fraction}`);
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix !== undefined && suffix in BINARY_SUFFIX) {
    numerator *= BINARY_SUFFIX[suffix] as bigint;
  } else if (suffix !== undefined) {
    const [times, per] = DECIMAL_SUFFIX[suffix] as [bigint, bigint];
    numerator *= times;
    denominator *= per;
  } else if (exponent !== undefined) {
    const power = BigInt(exponent);
    if (power >= 0n) numerator *= 10n ** power;
    else denominator *= 10n ** -power;
  }
  return { numerator, denominator };
}

function ceilDivide(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** ceil(q * scale), as Quantity.MilliValue() (scale 1000) and Quantity.Value() (scale 1) round. */
function scaledCeil(q: Fraction, scale: bigint): bigint {
  return ceilDivide(q.numerator * scale, q.denominator);
}

/**
 * The value of a resourceFieldRef: `resource` like `limits.cpu`, with its divisor. A zero
 * divisor means 1, as the kubelet reads it (istio injects `divisor: "0"`).
 */
export function resourceFieldValue(resource: string, quantity: Fraction, divisor: Fraction): string {
  const by = divisor.numerator === 0n ? { numerator: 1n, denominator: 1n } : divisor;
  if (resource.endsWith('.cpu')) return String(ceilDivide(scaledCeil(quantity, 1000n), scaledCeil(by, 1000n)));
  return String(ceilDivide(scaledCeil(quantity, 1n), scaledCeil(by, 1n)));
}
