/**
 * The explorer's use of the hub's public GraphQL API, as any client would: queries over HTTP
 * and live incident events over the same graphql-ws subscription (`ticketEvents`) other clients
 * use, both carrying the page's API token.
 */
import { createClient, type Client } from 'graphql-ws';
import { authHeaders, GRAPHQL_PATH, graphqlWsUrl } from '../session/token';
import type { ItemSummary, ReachedItem } from './picture';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the hub answered HTTP ${response.status} without a GraphQL body`);
  }
  if (body.errors?.length) {
    throw new ApiError(body.errors.map((e) => e.message).join('; '), body.errors[0].extensions?.code);
  }
  if (!body.data) throw new ApiError(`the hub answered HTTP ${response.status} with no data`);
  return body.data;
}

export interface Incident {
  id: string;
  number: string;
  title: string;
  priority: string;
  status: string;
}

export interface Report {
  totalCount: number;
  truncated: boolean;
  businessServices: { id: string }[];
  items: ReachedItem[];
}

export type Direction = 'impact' | 'dependencies';
export type OutageState = 'DOWN' | 'DEGRADED';

export interface TraversalArgs {
  depth: number;
  types: string[] | null;
  limit: number;
}

const ITEM = 'id name ciClass criticality';
const INCIDENT = 'id number title priority status';
const REPORT = `totalCount truncated businessServices { id } items { distance path item { ${ITEM} } }`;

export async function searchItems(name: string): Promise<{ totalCount: number; items: (ItemSummary & { lifecycle: string })[] }> {
  const data = await graphql<{ configurationItems: { totalCount: number; edges: { node: ItemSummary & { lifecycle: string } }[] } }>(
    `query ExplorerSearch($name: String!) { configurationItems(filter: { nameContains: $name }, first: 25) { totalCount edges { node { ${ITEM} lifecycle } } } }`,
    { name },
  );
  return { totalCount: data.configurationItems.totalCount, items: data.configurationItems.edges.map((e) => e.node) };
}

/** The traversal alone: one subgraph answers it whole, so even 10,000 items come back quickly. */
export async function traversal(id: string, direction: Direction, args: TraversalArgs): Promise<{ root: ItemSummary; report: Report }> {
  const data = await graphql<{ configurationItem: (ItemSummary & { report: Report }) | null }>(
    `query ExplorerTraversal($id: ID!, $depth: Int!, $types: [RelationshipType!], $limit: Int!) {
      configurationItem(id: $id) { ${ITEM} report: ${direction}(depth: $depth, types: $types, limit: $limit) { ${REPORT} } }
    }`,
    { id, ...args },
  );
  if (!data.configurationItem) throw new ApiError('that item no longer exists');
  const { report, ...root } = data.configurationItem;
  return { root, report };
}

/** Open incidents of the root and of every reached item, fetched after the picture is drawn. */
export async function traversalIncidents(id: string, direction: Direction, args: TraversalArgs): Promise<Map<string, Incident[]>> {
  const data = await graphql<{
    configurationItem: { id: string; openIncidents: Incident[]; report: { items: { item: { id: string; openIncidents: Incident[] } }[] } } | null;
  }>(
    `query ExplorerTraversalIncidents($id: ID!, $depth: Int!, $types: [RelationshipType!], $limit: Int!) {
      configurationItem(id: $id) { id openIncidents { ${INCIDENT} } report: ${direction}(depth: $depth, types: $types, limit: $limit) { items { item { id openIncidents { ${INCIDENT} } } } } }
    }`,
    { id, ...args },
  );
  const incidents = new Map<string, Incident[]>();
  if (!data.configurationItem) return incidents;
  incidents.set(data.configurationItem.id, data.configurationItem.openIncidents);
  for (const { item } of data.configurationItem.report.items) if (item.openIncidents.length) incidents.set(item.id, item.openIncidents);
  return incidents;
}

export interface OutageSummary {
  downCount: number;
  degradedCount: number;
  truncated: boolean;
  states: Map<string, OutageState>;
  businessServicesDown: { id: string; name: string }[];
  businessServicesDegraded: { id: string; name: string }[];
}

const OUTAGE = 'downCount degradedCount truncated items { state item { id } } businessServicesDown { id name } businessServicesDegraded { id name }';

interface OutageAnswer {
  downCount: number;
  degradedCount: number;
  truncated: boolean;
  items: { state: OutageState; item: { id: string } }[];
  businessServicesDown: { id: string; name: string }[];
  businessServicesDegraded: { id: string; name: string }[];
}

function outageSummary(answer: OutageAnswer): OutageSummary {
  return { ...answer, states: new Map(answer.items.map((i) => [i.item.id, i.state])) };
}

/** What goes DOWN and what only DEGRADES when these items fail together (contract part change-and-problem). */
export async function outageSimulation(ids: string[], types: string[] | null, limit: number): Promise<OutageSummary> {
  const data = await graphql<{ outageSimulation: OutageAnswer }>(
    `query ExplorerOutage($ids: [ID!]!, $types: [RelationshipType!], $limit: Int!) { outageSimulation(itemIds: $ids, types: $types, limit: $limit) { ${OUTAGE} } }`,
    { ids, types, limit },
  );
  return outageSummary(data.outageSimulation);
}

export interface ChangeSummary {
  id: string;
  number: string;
  title: string;
  status: string;
  plannedStart: string | null;
}

export async function listChanges(): Promise<ChangeSummary[]> {
  const data = await graphql<{ tickets: { edges: { node: ChangeSummary }[] } }>(
    `query ExplorerChanges { tickets(filter: { types: [CHANGE] }, first: 100) { edges { node { id number title status ... on ChangeRequest { plannedStart } } } } }`,
  );
  return data.tickets.edges.map((e) => e.node);
}

export interface ChangeBlastRadius {
  number: string;
  title: string;
  affectedItems: ItemSummary[];
  report: Report;
}

export async function changeBlastRadius(id: string, args: TraversalArgs): Promise<ChangeBlastRadius> {
  const data = await graphql<{ ticket: (ChangeBlastRadius & { __typename: string }) | null }>(
    `query ExplorerChange($id: ID!, $depth: Int!, $types: [RelationshipType!], $limit: Int!) {
      ticket(id: $id) { __typename number title ... on ChangeRequest { affectedItems { ${ITEM} } report: blastRadius(depth: $depth, types: $types, limit: $limit) { ${REPORT} } } }
    }`,
    { id, ...args },
  );
  if (!data.ticket || data.ticket.__typename !== 'ChangeRequest') throw new ApiError('that change no longer exists');
  return data.ticket;
}

export async function changeIncidents(id: string, args: TraversalArgs): Promise<Map<string, Incident[]>> {
  const data = await graphql<{
    ticket: { affectedItems?: { id: string; openIncidents: Incident[] }[]; report?: { items: { item: { id: string; openIncidents: Incident[] } }[] } } | null;
  }>(
    `query ExplorerChangeIncidents($id: ID!, $depth: Int!, $types: [RelationshipType!], $limit: Int!) {
      ticket(id: $id) { ... on ChangeRequest { affectedItems { id openIncidents { ${INCIDENT} } } report: blastRadius(depth: $depth, types: $types, limit: $limit) { items { item { id openIncidents { ${INCIDENT} } } } } } }
    }`,
    { id, ...args },
  );
  const incidents = new Map<string, Incident[]>();
  for (const item of data.ticket?.affectedItems ?? []) if (item.openIncidents.length) incidents.set(item.id, item.openIncidents);
  for (const { item } of data.ticket?.report?.items ?? []) if (item.openIncidents.length) incidents.set(item.id, item.openIncidents);
  return incidents;
}

export interface ChangeAssessment {
  risk: {
    level: string;
    score: number;
    businessServicesDown: number;
    businessServicesDegraded: number;
    criticalServicesDown: number;
    openMajorIncidents: number;
    conflicts: number;
  };
  conflicts: {
    change: { id: string; number: string; title: string; plannedStart: string | null; plannedEnd: string | null };
    sharedItems: { id: string; name: string }[];
    sharedBusinessServices: { id: string; name: string }[];
  }[];
}

/** The change's risk and conflicts (contract part change-and-problem), asked apart so the blast radius never waits on them. */
export async function changeAssessment(id: string): Promise<ChangeAssessment> {
  const data = await graphql<{ ticket: ChangeAssessment | null }>(
    `query ExplorerChangeAssessment($id: ID!) {
      ticket(id: $id) { ... on ChangeRequest {
        risk { level score businessServicesDown businessServicesDegraded criticalServicesDown openMajorIncidents conflicts }
        conflicts { change { id number title plannedStart plannedEnd } sharedItems { id name } sharedBusinessServices { id name } }
      } }
    }`,
    { id },
  );
  if (!data.ticket) throw new ApiError('that change no longer exists');
  return data.ticket;
}

export async function changeOutage(id: string, types: string[] | null, limit: number): Promise<OutageSummary> {
  const data = await graphql<{ ticket: { outage: OutageAnswer } | null }>(
    `query ExplorerChangeOutage($id: ID!, $types: [RelationshipType!], $limit: Int!) { ticket(id: $id) { ... on ChangeRequest { outage(types: $types, limit: $limit) { ${OUTAGE} } } } }`,
    { id, types, limit },
  );
  if (!data.ticket?.outage) throw new ApiError('that change no longer exists');
  return outageSummary(data.ticket.outage);
}

export interface IncidentEvent {
  sequence: string;
  kind: string;
  ticket: Incident & { affectedItems: { id: string; name: string }[] };
}

export interface LiveIncidents {
  /** Reconnects with the page's current token. */
  restart(): void;
  dispose(): void;
}

/**
 * Every incident event, live. The token is read at each (re)connection, so a token typed
 * into the page applies to the next connection; `restart` makes that happen now.
 */
export function liveIncidents(onEvent: (event: IncidentEvent) => void, onStatus: (status: string) => void): LiveIncidents {
  let client: Client | undefined;
  let unsubscribe: (() => void) | undefined;
  const start = () => {
    client = createClient({
      url: graphqlWsUrl(),
      connectionParams: () => authHeaders(),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        connected: () => onStatus('live'),
        closed: (event) => onStatus(`disconnected${(event as CloseEvent)?.reason ? `: ${(event as CloseEvent).reason}` : ''}`),
      },
    });
    unsubscribe = client.subscribe<{ ticketEvents: IncidentEvent }>(
      {
        query: `subscription ExplorerIncidentEvents { ticketEvents(filter: { types: [INCIDENT] }) { sequence kind ticket { ${INCIDENT} affectedItems { id name } } } }`,
      },
      {
        next: (message) => {
          if (message.data) onEvent(message.data.ticketEvents);
          if (message.errors?.length) onStatus(`live updates refused: ${message.errors.map((e) => e.message).join('; ')}`);
        },
        error: (error) => onStatus(`live updates stopped: ${error instanceof Error ? error.message : 'connection closed'}`),
        complete: () => onStatus('live updates ended'),
      },
    );
  };
  const dispose = () => {
    unsubscribe?.();
    void client?.dispose();
  };
  start();
  return {
    restart() {
      dispose();
      start();
    },
    dispose,
  };
}
