/** Per-request context of the tickets subgraph: the store, the CMDB directory and fresh DataLoaders. */
import type DataLoader from 'dataloader';
import { mapLoader } from '../../platform/loaders';
import type { HistoryEntry, SlaTargets, Ticket } from './domain';
import type { EventFeed } from './events';
import type { ItemDirectory } from './items';
import type { TicketStore } from './store';

export interface TicketsDeps {
  store: TicketStore;
  /** The live event stream of this replica. */
  feed: EventFeed;
  items: ItemDirectory;
  slaTargets: SlaTargets;
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
  };
}

export function createContext(deps: TicketsDeps, actor: string | null): RequestContext {
  const { store } = deps;
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
    },
  };
}
