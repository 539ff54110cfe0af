/**
 * Keys under which subscribers share work: an upstream stream per filter, a
 * delivery group per filter and selection, a payload execution per ticket
 * selection and event. Equal inputs give equal keys, however they were written.
 */
import { scopesKey, type Identity } from '../identity';

/** The value with object keys sorted, so equal filters and variables give equal keys. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** One key per filter: absent, null and `{}` all mean "every event". */
export function filterKey(filter: unknown): string {
  const fields = Object.entries((filter ?? {}) as Record<string, unknown>).filter(([, value]) => value != null);
  return JSON.stringify(canonical(Object.fromEntries(fields)));
}

/**
 * One key per way of answering an event: the operation (its text and name), the variables it is
 * run with, and the identity and scopes it runs as, since the payload resolves with the
 * subscriber's rights: two subscribers with different scopes never share a payload.
 */
export function selectionKey(operation: { text: string; operationName?: string | null }, variables: unknown, identity: Identity): string {
  return JSON.stringify([operation.text, operation.operationName ?? null, canonical(variables ?? {}), identity.subject, identity.actor, scopesKey(identity)]);
}
