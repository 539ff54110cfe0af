import { TraversalCache } from '../subgraphs/cmdb/traversal-cache';

function cacheOver(maxBytes: number) {
  let counter = 0;
  let computations = 0;
  const cache = new TraversalCache({ maxBytes, changeCount: async () => String(counter) });
  const lookup = (root: string, bytes = 100) =>
    cache.get(
      'impact',
      { root },
      async () => {
        computations += 1;
        await new Promise((resolve) => setImmediate(resolve));
        return { root, computedAt: counter, computation: computations };
      },
      () => bytes,
    );
  return { cache, lookup, write: () => (counter += 1), computations: () => computations };
}

describe('the traversal cache', () => {
  it('serves an answer again while the change counter stands, and computes anew once a write moved it', async () => {
    const { cache, lookup, write, computations } = cacheOver(10_000);
    const first = await lookup('a');
    expect(await lookup('a')).toBe(first);
    expect(computations()).toBe(1);
    write();
    const after = await lookup('a');
    expect(after).not.toBe(first);
    expect(after.computedAt).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('keys answers by request', async () => {
    const { lookup, computations } = cacheOver(10_000);
    await lookup('a');
    await lookup('b');
    expect(computations()).toBe(2);
  });

  it('computes once for identical lookups in flight together', async () => {
    const { cache, lookup, computations } = cacheOver(10_000);
    const answers = await Promise.all([lookup('a'), lookup('a'), lookup('a')]);
    expect(computations()).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(cache.stats().joined).toBe(2);
  });

  it('holds at most maxBytes, dropping the least recently used, and never an answer over a tenth of it', async () => {
    const { cache, lookup, computations } = cacheOver(1_000);
    for (const root of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']) await lookup(root, 100);
    expect(cache.stats().bytes).toBeLessThanOrEqual(1_000);
    expect(cache.stats().entries).toBe(10);
    await lookup('a', 100); // the oldest was dropped
    expect(computations()).toBe(12);
    await lookup('big', 101);
    await lookup('big', 101);
    expect(computations()).toBe(14);
  });

  it('computes every time when off', async () => {
    const { cache, lookup, computations } = cacheOver(0);
    await lookup('a');
    await lookup('a');
    expect(computations()).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 0, entries: 0, maxBytes: 0 });
  });

  it('does not keep a failed computation', async () => {
    let fail = true;
    const cache = new TraversalCache({ maxBytes: 10_000, changeCount: async () => '7' });
    const lookup = () =>
      cache.get('impact', {}, async () => {
        if (fail) throw new Error('store down');
        return 'answer';
      }, () => 10);
    await expect(lookup()).rejects.toThrow('store down');
    fail = false;
    await expect(lookup()).resolves.toBe('answer');
  });
});
