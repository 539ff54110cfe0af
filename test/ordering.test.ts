/**
 * The orders and cursors every backend must agree on: strings by Unicode code
 * point (the contract's order, PostgreSQL's COLLATE "C"), Neo4j's sort keys
 * that make UTF-16 and UTF-8 order equal to it, and the opaque cursors.
 */
import { encodeCursor, decodeCursor } from '../platform/scalars';
import { compareByName, compareCodePoints, compareReached } from '../subgraphs/cmdb/domain';
import { codePointSortKey } from '../subgraphs/cmdb/store/neo4j';

/** A small seeded generator (mulberry32), so a failure names a case that can be run again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters from every range where UTF-16 and code point order part: ASCII, below the surrogates,
// above them in the BMP (private use, CJK compatibility, fullwidth forms), and astral (emoji, CJK ext. B).
const ALPHABET = ['a', 'B', 'z', ' ', 'é', '中', '\uD7FF', '\uE000', '\uF900', '\uFF01', '\uFFFD', '😀', '𠀀', '\u{10FFFD}'];

function randomStrings(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 5) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''));
}

const byCodePoints = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return Math.sign(x.length - y.length);
};
/** The pairs that `compare` orders otherwise than their code points do (the first few). */
function disagreements(strings: string[], compare: (a: string, b: string) => number): string[] {
  const wrong: string[] = [];
  for (const a of strings) {
    for (const b of strings) {
      if (compare(a, b) !== byCodePoints(a, b)) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  return wrong.slice(0, 5);
}
const utf16 = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('code point order', () => {
  const strings = randomStrings(400, 20261203);

  it('compares as the code points do, which is UTF-8 byte order and not UTF-16 order', () => {
    expect(compareCodePoints('\uFF01', '😀')).toBe(-1);
    expect(utf16('\uFF01', '😀')).toBe(1);
    expect(disagreements(strings, (a, b) => compareCodePoints(a, b))).toEqual([]);
    expect(disagreements(strings, (a, b) => Math.sign(utf8(a, b)))).toEqual([]);
  });

  it('orders traversal results by distance, then name, then id, and lists by name, then id', () => {
    const reached = [
      { distance: 2, name: 'a', id: '1' },
      { distance: 1, name: '😀', id: '2' },
      { distance: 1, name: '\uFF01', id: '3' },
      { distance: 1, name: '\uFF01', id: '10' },
    ];
    expect([...reached].sort(compareReached).map((r) => r.id)).toEqual(['10', '3', '2', '1']);
    expect([...reached].sort(compareByName).map((r) => r.id)).toEqual(['1', '10', '3', '2']);
  });
});

describe("Neo4j's code point sort key", () => {
  const strings = randomStrings(400, 42);

  it('orders in UTF-16 (Cypher) and in UTF-8 bytes (range indexes) exactly as the text does by code point', () => {
    const keys = new Map(strings.map((s) => [s, codePointSortKey(s)]));
    expect(disagreements(strings, (a, b) => utf16(keys.get(a)!, keys.get(b)!))).toEqual([]);
    expect(disagreements(strings, (a, b) => Math.sign(utf8(keys.get(a)!, keys.get(b)!)))).toEqual([]);
  });

  it('leaves text below U+D800 as it is', () => {
    expect(codePointSortKey('Core switch é 中')).toBe('Core switch é 中');
  });
});

describe('cursors', () => {
  it('decode to the parts they were made of', () => {
    const parts = ['2024-03-01T08:00:00.000Z', 'id-😀,"quoted"'];
    expect(decodeCursor(encodeCursor(parts), ['string', 'string'])).toEqual(parts);
    expect(decodeCursor(encodeCursor(['name', 3]), ['string', 'number'])).toEqual(['name', 3]);
  });

  it('are opaque: URL-safe text, no JSON showing', () => {
    expect(encodeCursor(['a/b+c', 'ü'])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 JSON', 'not a cursor!'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['too few parts', encodeCursor(['only one'])],
    ['a number where a string belongs', encodeCursor([1, 'x'])],
    ['an empty text', ''],
  ])('are refused with BAD_USER_INPUT on the after argument when given %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor, ['string', 'string'])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'after' }) }));
  });
});
