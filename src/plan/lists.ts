/**
 * Array helpers for the plan readers' hot paths, where V8's array shapes matter.
 */

// One element of any kind: its (empty) slices are "any value" arrays.
const GENERIC_SEED: unknown[] = [null];

/**
 * A new, empty array whose elements kind is already "any value". A bare `[]` starts as a small-integer
 * array: a function that returns both it and filled lists hands its callers two array shapes, and
 * their optimized code deoptimizes ("wrong map") when the second one comes.
 */
export function emptyList<T>(): T[] {
  return GENERIC_SEED.slice(0, 0) as T[];
}
