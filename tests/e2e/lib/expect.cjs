// A small `expect` for the end-to-end cases (playwright-core ships no assertion library).
//   expect(value).toBe(x) / toEqual(x) / toBeTruthy() / toContain(x) / toMatch(re)
//   expect(n).toBeGreaterThan(x) / toBeLessThan(x) / toBeCloseTo(x, tolerance)
//   expect(v).not.toBe(x) ...   every matcher can be negated with .not
//   await expect.eventually(async () => ..., { timeout }) retries until the function stops throwing.
'use strict';

const util = require('util');

class AssertionError extends Error {}

const show = (v) => util.inspect(v, { depth: 4, breakLength: Infinity });

function matchers(actual, negate) {
  const check = (pass, message) => {
    if (pass === negate) throw new AssertionError((negate ? 'not: ' : '') + message);
  };
  return {
    toBe: (x) => check(Object.is(actual, x), `expected ${show(actual)} to be ${show(x)}`),
    toEqual: (x) => check(util.isDeepStrictEqual(actual, x), `expected ${show(actual)} to equal ${show(x)}`),
    toBeTruthy: () => check(Boolean(actual), `expected ${show(actual)} to be truthy`),
    toContain: (x) => check(actual != null && actual.includes(x), `expected ${show(actual)} to contain ${show(x)}`),
    toMatch: (re) => check(typeof actual === 'string' && new RegExp(re).test(actual), `expected ${show(actual)} to match ${re}`),
    toBeGreaterThan: (x) => check(actual > x, `expected ${show(actual)} > ${show(x)}`),
    toBeGreaterThanOrEqual: (x) => check(actual >= x, `expected ${show(actual)} >= ${show(x)}`),
    toBeLessThan: (x) => check(actual < x, `expected ${show(actual)} < ${show(x)}`),
    toBeCloseTo: (x, tol = 1e-9) => check(Math.abs(actual - x) <= tol, `expected ${show(actual)} within ${tol} of ${show(x)}`),
    toHaveLength: (n) => check(actual != null && actual.length === n, `expected length ${n}, got ${actual && actual.length}: ${show(actual)}`),
  };
}

function expect(actual) {
  const m = matchers(actual, false);
  m.not = matchers(actual, true);
  return m;
}

/** Retries `fn` until it stops throwing (or returns), or rethrows its last error after `timeout` ms. */
expect.eventually = async (fn, { timeout = 10000, interval = 100 } = {}) => {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
};

module.exports = { expect, AssertionError };
