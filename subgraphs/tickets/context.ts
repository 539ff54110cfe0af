/** Per-request context of the tickets subgraph: the store, the CMDB directory and fresh DataLoaders. */
import DataLoader from 'dataloader';
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
  const byKey = <V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V) =>
    new DataLoader<string, V>(async (keys) => {
      const found = await load(keys);
      return keys.map((key) => found.get(key) ?? missing);
    });
  return {
    ...deps,
    actor,
    loaders: {
      ticketById: byKey<Ticket | null>((ids) => store.ticketsByIds(ids), null),
      ticketByNumber: byKey<Ticket | null>((numbers) => store.ticketsByNumbers(numbers), null),
      historyOf: byKey<HistoryEntry[]>((ids) => store.historyOf(ids), []),
      openIncidentsOf: byKey<Ticket[]>((ids) => store.openIncidentsOf(ids), []),
      changesOf: byKey<Ticket[]>((ids) => store.changesOf(ids, false), []),
      openChangesOf: byKey<Ticket[]>((ids) => store.changesOf(ids, true), []),
    },
  };
}
