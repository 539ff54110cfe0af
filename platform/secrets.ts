/**
 * Comparing secrets (the internal secret, bearer tokens) without telling an attacker, through the
 * time a comparison takes, how much of a guess was right: `===` stops at the first differing
 * character. Both sides are hashed first, so the comparison is of equal-length digests whatever
 * the lengths given, and the length of the real secret does not show either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** True when `presented` equals `expected`, in time that does not depend on where they differ. */
export function sameSecret(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The first of `candidates` whose secret equals `presented`, comparing against every one of them
 * (no early exit), so the time taken does not say which token, if any, matched.
 */
export function findBySecret<T>(presented: string, candidates: readonly T[], secretOf: (candidate: T) => string): T | undefined {
  const presentedDigest = digest(presented);
  let found: T | undefined;
  for (const candidate of candidates) {
    if (timingSafeEqual(presentedDigest, digest(secretOf(candidate))) && found === undefined) found = candidate;
  }
  return found;
}
