/** Keys under which subscribers share upstream streams, delivery groups and payload executions. */
import { filterKey, selectionKey } from '../gateway/subscriptions/keys';
import { matches, type TicketEventFilter } from '../subgraphs/tickets/events';
import type { TicketEvent } from '../subgraphs/tickets/domain';

describe('filter keys', () => {
  it('are equal for equal filters whatever the order of their fields', () => {
    expect(filterKey({ priorities: ['P1'], kinds: ['CREATED'] })).toBe(filterKey({ kinds: ['CREATED'], priorities: ['P1'] }));
  });

  it('treat no filter, null, an empty filter and null fields alike', () => {
    const all = filterKey(undefined);
    expect(filterKey(null)).toBe(all);
    expect(filterKey({})).toBe(all);
    expect(filterKey({ kinds: null, assignmentGroup: undefined })).toBe(all);
  });

  it('differ when the lists differ', () => {
    expect(filterKey({ priorities: ['P1'] })).not.toBe(filterKey({ priorities: ['P1', 'P2'] }));
  });
});

describe('selection keys', () => {
  const operation = { text: 'subscription { ticketEvents { sequence } }', operationName: null };
  const alice = { actor: 'alice', subject: 'token:alice', scopes: new Set(['tickets:read', 'cmdb:read']) };

  it('are equal for the same operation, variables in any order, and identity', () => {
    expect(selectionKey(operation, { a: 1, b: { c: 2, d: 3 } }, alice)).toBe(selectionKey(operation, { b: { d: 3, c: 2 }, a: 1 }, alice));
  });

  it('differ by identity, since the payload resolves with the subscriber\'s rights', () => {
    expect(selectionKey(operation, {}, alice)).not.toBe(selectionKey(operation, {}, { ...alice, actor: 'bob', subject: 'token:bob' }));
    expect(selectionKey(operation, {}, alice)).not.toBe(selectionKey(operation, {}, { ...alice, scopes: new Set(['tickets:read']) }));
    // The same scopes in another order are the same rights.
    expect(selectionKey(operation, {}, alice)).toBe(selectionKey(operation, {}, { ...alice, scopes: new Set(['cmdb:read', 'tickets:read']) }));
  });

  it('differ by operation name and variables', () => {
    expect(selectionKey(operation, {}, alice)).not.toBe(selectionKey({ ...operation, operationName: 'A' }, {}, alice));
    expect(selectionKey(operation, { x: 1 }, alice)).not.toBe(selectionKey(operation, { x: 2 }, alice));
  });
});

describe('event filters', () => {
  const event: TicketEvent = {
    sequence: '7',
    kind: 'ASSIGNED',
    at: new Date(0),
    changedFields: ['assignmentGroup'],
    ticketId: 't1',
    ticketType: 'INCIDENT',
    priority: 'P2',
    assignmentGroup: 'dba',
    affectedItemIds: ['a', 'b'],
  };
  const passes = (filter: TicketEventFilter) => matches(event, filter);

  it('let everything through when empty, and treat empty lists as no constraint', () => {
    expect(passes({})).toBe(true);
    expect(passes({ kinds: [], types: [], priorities: [], affectedItemIds: [] })).toBe(true);
  });

  it('are OR within a list', () => {
    expect(passes({ priorities: ['P1', 'P2'] })).toBe(true);
    expect(passes({ priorities: ['P1', 'P3'] })).toBe(false);
    expect(passes({ kinds: ['CREATED', 'ASSIGNED'] })).toBe(true);
  });

  it('are AND across fields', () => {
    expect(passes({ types: ['INCIDENT'], assignmentGroup: 'dba' })).toBe(true);
    expect(passes({ types: ['INCIDENT'], assignmentGroup: 'network' })).toBe(false);
    expect(passes({ types: ['CHANGE'], priorities: ['P2'] })).toBe(false);
  });

  it('match affected items by intersection', () => {
    expect(passes({ affectedItemIds: ['z', 'b'] })).toBe(true);
    expect(passes({ affectedItemIds: ['z'] })).toBe(false);
  });
});
