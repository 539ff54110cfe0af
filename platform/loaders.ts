/** DataLoaders over store lookups that answer with a map: one store call per batch of keys. */
import DataLoader from 'dataloader';

/** Keys missing from the map resolve to `missing` (null for lookups, [] for lists). */
export function mapLoader<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const found = await load(keys);
    return keys.map((key) => found.get(key) ?? missing);
  });
}
