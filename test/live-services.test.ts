/**
 * The pure rules behind following a business service live (contract part live-services): an
 * item set's dependency closure over a walk graph, and matching events against a closure.
 */
import { dependencyClosureOf, type Lifecycle, type WalkGraph } from '../subgraphs/cmdb/domain';
import type { TicketEvent } from '../subgraphs/tickets/domain';
import { matches, type TicketEventFilter } from '../subgraphs/tickets/events';
import { serviceSetKey } from '../subgraphs/tickets/service-closures';

/** A walk graph in the dependencies direction: `edges` maps an item to what it relies on. */
function graph(edges: Record<string, string[]>, retired: string[] = []): WalkGraph {
  const ids = new Set([...Object.keys(edges), ...Object.values(edges).flat()]);
  const lifecycle = (id: string): Lifecycle => (retired.includes(id) ? 'RETIRED' : 'ACTIVE');
  return {
    nodes: new Map([...ids].map((id) => [id, { id, name: id, ciClass: id.startsWith('svc') ? 'BUSINESS_SERVICE' : 'APPLICATION', lifecycle: lifecycle(id) }])),
    next: new Map(Object.entries(edges).filter(([, next]) => next.length)),
  };
}

describe('dependency closure of an item set', () => {
  // svc relies on app, app on db and vm, db on vm (a diamond), vm on host, host back on app (a cycle).
  const topology = graph({ svc: ['app'], app: ['db', 'vm'], db: ['vm'], vm: ['host'], host: ['app'], other: ['db'] });

  it('holds the set itself and everything it relies on, each once, by code point, cycles included', () => {
    expect(dependencyClosureOf(topology, ['svc'], 10)).toEqual(['app', 'db', 'host', 'svc', 'vm']);
  });

  it('stops at the depth asked for', () => {
    expect(dependencyClosureOf(topology, ['svc'], 2)).toEqual(['app', 'db', 'svc', 'vm']);
  });

  it('unions the closures of several items and ignores unknown ids', () => {
    expect(dependencyClosureOf(topology, ['other', 'nope'], 1)).toEqual(['db', 'other']);
    expect(dependencyClosureOf(topology, ['nope'], 10)).toEqual([]);
  });

  it('leaves retired items out and does not walk through them, but walks from a retired member of the set', () => {
    const withRetired = graph({ svc: ['app', 'old'], app: ['db'], old: ['vm'], db: [] }, ['old']);
    expect(dependencyClosureOf(withRetired, ['svc'], 10)).toEqual(['app', 'db', 'svc']);
    const retiredService = graph({ svc: ['app'], app: ['db'] }, ['svc']);
    expect(dependencyClosureOf(retiredService, ['svc'], 10)).toEqual(['app', 'db']);
  });
});

describe('matching events against a business service closure', () => {
  const event = (affectedItemIds: string[], extra: Partial<TicketEvent> = {}): TicketEvent => ({
    sequence: '1',
    kind: 'CREATED',
    at: new Date(0),
    changedFields: [],
    ticketId: 't',
    ticketType: 'INCIDENT',
    priority: 'P3',
    assignmentGroup: null,
    affectedItemIds,
    ...extra,
  });
  const closure = new Set(['svc', 'app', 'db']);
  const byService: TicketEventFilter = { businessServiceIds: ['svc'] };

  it('matches an event when one of its affected items is in the closure', () => {
    expect(matches(event(['db']), byService, closure)).toBe(true);
    expect(matches(event(['elsewhere', 'app']), byService, closure)).toBe(true);
    expect(matches(event(['svc']), byService, closure)).toBe(true);
  });

  it('does not match an event whose items are all outside the closure, nor one with no items', () => {
    expect(matches(event(['elsewhere']), byService, closure)).toBe(false);
    expect(matches(event([]), byService, closure)).toBe(false);
  });

  it('matches nothing for an empty list or without a closure, unlike the other lists where empty constrains nothing', () => {
    expect(matches(event(['db']), { businessServiceIds: [] }, new Set())).toBe(false);
    expect(matches(event(['db']), byService)).toBe(false);
    expect(matches(event(['db']), { affectedItemIds: [] })).toBe(true);
  });

  it('constrains nothing when absent or null', () => {
    expect(matches(event(['elsewhere']), {})).toBe(true);
    expect(matches(event(['elsewhere']), { businessServiceIds: null })).toBe(true);
  });

  it('combines with the other fields as AND', () => {
    const filter: TicketEventFilter = { businessServiceIds: ['svc'], types: ['INCIDENT', 'CHANGE'], priorities: ['P1'] };
    expect(matches(event(['db'], { priority: 'P1' }), filter, closure)).toBe(true);
    expect(matches(event(['db'], { priority: 'P3' }), filter, closure)).toBe(false);
    expect(matches(event(['db'], { priority: 'P1', ticketType: 'PROBLEM' }), filter, closure)).toBe(false);
    expect(matches(event(['elsewhere'], { priority: 'P1' }), filter, closure)).toBe(false);
  });

  it('shares one closure between sets written in another order or with repeats', () => {
    expect(serviceSetKey(['b', 'a', 'b'])).toEqual(serviceSetKey(['a', 'b']));
  });
});
