/** Per-request context of the tickets subgraph: the service, the store's reads and fresh DataLoaders. */
import DataLoader from 'dataloader';
import { mapLoader } from '../../platform/loaders';
import type { ChangeConflict, ChangeRisk, HistoryEntry, ServiceOffering, Ticket } from './domain';
import type { EventFeed } from './events';
import type { TicketService } from './service';
import type { TicketStore } from './store';

export interface TicketsDeps {
  /** Reads by key for the loaders, and the event stream's ticket reads. Writes go through `service`. */
  store: TicketStore;
  service: TicketService;
  /** The live event stream of this replica. */
  feed: EventFeed;
}

export interface RequestContext extends TicketsDeps {
  actor: string | null;
  loaders: {
    ticketById: DataLoader<string, Ticket | null>;
    ticketByNumber: DataLoader<string, Ticket | null>;
    historyOf: DataLoader<string, HistoryEntry[]>;
    openIncidentsOf: DataLoader<string, Ticket[]>;
    changesOf: DataLoader<string, Ticket[]>;
    openChangesOf: DataLoader<string, Ticket[]>;
    incidentsOfProblem: DataLoader<string, Ticket[]>;
    offeringById: DataLoader<string, ServiceOffering | null>;
    /** Conflicts per change: a calendar's changes cost one CMDB request together. */
    conflictsOf: DataLoader<Ticket, ChangeConflict[], string>;
    /** Risk per change, computed once per request however often it is selected. */
    riskOf: DataLoader<Ticket, ChangeRisk, string>;
  };
}

export function createContext(deps: TicketsDeps, actor: string | null): RequestContext {
  const { store, service } = deps;
  const conflictsOf = new DataLoader<Ticket, ChangeConflict[], string>((changes) => service.conflictsOf(changes), {
    cacheKeyFn: (change) => change.id,
  });
  return {
    ...deps,
    actor,
    loaders: {
      ticketById: mapLoader<Ticket | null>((ids) => store.ticketsByIds(ids), null),
      ticketByNumber: mapLoader<Ticket | null>((numbers) => store.ticketsByNumbers(numbers), null),
      historyOf: mapLoader<HistoryEntry[]>((ids) => store.historyOf(ids), []),
      openIncidentsOf: mapLoader<Ticket[]>((ids) => store.openIncidentsOf(ids), []),
      changesOf: mapLoader<Ticket[]>((ids) => store.changesOf(ids, false), []),
      openChangesOf: mapLoader<Ticket[]>((ids) => store.changesOf(ids, true), []),
      incidentsOfProblem: mapLoader<Ticket[]>((ids) => store.incidentsOfProblems(ids), []),
      offeringById: mapLoader<ServiceOffering | null>((ids) => store.offeringsByIds(ids), null),
      conflictsOf,
      riskOf: new DataLoader<Ticket, ChangeRisk, string>(
        async (changes) => {
          const conflicts = await Promise.all(changes.map((change) => conflictsOf.load(change)));
          return service.risksOf(changes, conflicts.map((found) => found.length));
        },
        { cacheKeyFn: (change) => change.id },
      ),
    },
  };
}
