/**
 * Secret comparison (platform/secrets.ts): equal digests, whatever the lengths, and every
 * candidate token compared, so neither the position of a difference nor which token matched
 * changes the work done.
 */
import { findBySecret, sameSecret } from '../platform/secrets';

describe('secret comparison', () => {
  it('matches only the same text, whatever the lengths', () => {
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    expect(sameSecret('s3creT', 's3cret')).toBe(false);
    expect(sameSecret('s3cret-and-more', 's3cret')).toBe(false);
    expect(sameSecret('', 's3cret')).toBe(false);
    expect(sameSecret(undefined, 's3cret')).toBe(false);
    expect(sameSecret(['s3cret'], 's3cret')).toBe(false);
  });

  it('compares a presented token against every configured token, returning the first match', () => {
    const tokens = [{ name: 'a', token: 'tok-a' }, { name: 'b', token: 'tok-b' }, { name: 'c', token: 'tok-b' }];
    const looked: string[] = [];
    const secretOf = (t: { name: string; token: string }) => {
      looked.push(t.name);
      return t.token;
    };
    expect(findBySecret('tok-a', tokens, secretOf)?.name).toBe('a');
    expect(looked).toEqual(['a', 'b', 'c']);
    expect(findBySecret('tok-b', tokens, (t) => t.token)?.name).toBe('b');
    expect(findBySecret('tok-', tokens, (t) => t.token)).toBeUndefined();
  });
});
