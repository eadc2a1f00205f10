// Special functions for the CLV likelihoods: log-gamma and log-beta from @stdlib, and the Gauss
// hypergeometric series 2F1 (no maintained npm implementation), used only for 0 ≤ z < 1 where
// the series converges.
import gammaln from '@stdlib/math-base-special-gammaln';
import betaln from '@stdlib/math-base-special-betaln';

export { gammaln, betaln };

/** 2F1(a, b; c; z) by its power series for 0 ≤ z < 1; NaN if it has not converged. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) return Number.NaN;
  let term = 1, sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum) && n > 2) return sum;
  }
  return Number.NaN;
}
