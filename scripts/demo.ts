/**
 * The demo company loaded into empty stores at first start: "Northwind Retail",
 * a few hundred items from business services down to switches and storage,
 * some open incidents and a planned change. Loaded through the gateway's API,
 * like any client would.
 */
import type { ItemInput, RelationshipInput } from '../subgraphs/cmdb/domain';

export interface DemoTopology {
  items: ItemInput[];
  relationships: RelationshipInput[];
}

const SERVICES = [
  { key: 'shop', name: 'Online Shop', criticality: 'CRITICAL', apps: ['storefront', 'catalog', 'cart', 'search'] },
  { key: 'payments', name: 'Payments', criticality: 'CRITICAL', apps: ['payment-gateway', 'fraud-check', 'ledger'] },
  { key: 'fulfilment', name: 'Order Fulfilment', criticality: 'HIGH', apps: ['orders', 'warehouse', 'shipping'] },
  { key: 'support', name: 'Customer Support', criticality: 'HIGH', apps: ['helpdesk', 'chat', 'knowledge-base'] },
  { key: 'loyalty', name: 'Loyalty Programme', criticality: 'MEDIUM', apps: ['loyalty-api', 'rewards'] },
  { key: 'analytics', name: 'Sales Analytics', criticality: 'MEDIUM', apps: ['etl', 'reporting', 'forecasting'] },
  { key: 'hr', name: 'HR Portal', criticality: 'LOW', apps: ['hr-portal', 'payroll'] },
  { key: 'email', name: 'Corporate Email', criticality: 'HIGH', apps: ['mail-relay', 'webmail'] },
] as const;

/** Builds the demo topology; deterministic, so every fresh start shows the same company. */
export function demoTopology(): DemoTopology {
  const items: ItemInput[] = [];
  const relationships: RelationshipInput[] = [];
  const add = (item: ItemInput) => items.push({ environment: 'PRODUCTION', lifecycle: 'ACTIVE', ...item });
  const relate = (source: string, target: string, type: RelationshipInput['type']) =>
    relationships.push({ sourceExternalId: source, targetExternalId: target, type });

  // Network and storage at the bottom: two core switches, rack switches, storage arrays.
  for (const core of ['core-sw-1', 'core-sw-2']) add({ externalId: core, name: core, ciClass: 'NETWORK_DEVICE', criticality: 'CRITICAL', owner: 'network' });
  const racks = Array.from({ length: 8 }, (_, i) => `rack-sw-${i + 1}`);
  racks.forEach((rack, i) => {
    add({ externalId: rack, name: rack, ciClass: 'NETWORK_DEVICE', criticality: 'HIGH', owner: 'network' });
    relate(rack, i % 2 ? 'core-sw-2' : 'core-sw-1', 'CONNECTS_TO');
  });
  const arrays = ['san-a', 'san-b', 'nas-1'];
  for (const array of arrays) add({ externalId: array, name: array, ciClass: 'STORAGE', criticality: 'HIGH', owner: 'storage' });
  add({ externalId: 'lb-edge', name: 'edge load balancer', ciClass: 'LOAD_BALANCER', criticality: 'CRITICAL', owner: 'network' });
  relate('lb-edge', 'core-sw-1', 'CONNECTS_TO');
  relate('lb-edge', 'core-sw-2', 'CONNECTS_TO');

  // Hosts in racks, VMs on hosts.
  const hosts = Array.from({ length: 24 }, (_, i) => `host-${String(i + 1).padStart(2, '0')}`);
  hosts.forEach((host, i) => {
    add({ externalId: host, name: host, ciClass: 'SERVER', criticality: 'HIGH', owner: 'infrastructure', attributes: { cpu: 64, ramGb: 512, rack: racks[i % racks.length] } });
    relate(host, racks[i % racks.length], 'CONNECTS_TO');
    relate(host, arrays[i % 2], 'STORED_ON');
  });
  const vms: string[] = [];
  for (let i = 1; i <= 96; i++) {
    const vm = `vm-${String(i).padStart(3, '0')}`;
    vms.push(vm);
    add({ externalId: vm, name: vm, ciClass: 'VIRTUAL_MACHINE', criticality: 'MEDIUM', owner: 'infrastructure' });
    relate(vm, hosts[(i * 7) % hosts.length], 'HOSTED_ON');
  }

  // Business services, their applications (two containers each), and databases.
  let vmCursor = 0;
  const nextVm = () => vms[vmCursor++ % vms.length];
  for (const service of SERVICES) {
    const serviceId = `svc-${service.key}`;
    add({ externalId: serviceId, name: service.name, ciClass: 'BUSINESS_SERVICE', criticality: service.criticality, owner: `${service.key}-team` });
    const db = `db-${service.key}`;
    add({ externalId: db, name: `${service.key} database`, ciClass: 'DATABASE', criticality: service.criticality, owner: 'dba', attributes: { engine: 'postgresql', version: '16' } });
    relate(db, nextVm(), 'RUNS_ON');
    relate(db, 'san-a', 'STORED_ON');
    const replica = `db-${service.key}-replica`;
    add({ externalId: replica, name: `${service.key} database replica`, ciClass: 'DATABASE', criticality: 'MEDIUM', owner: 'dba' });
    relate(replica, nextVm(), 'RUNS_ON');
    relate(replica, 'san-b', 'STORED_ON');
    relate(replica, db, 'DEPENDS_ON');
    for (const app of service.apps) {
      const appId = `app-${app}`;
      add({ externalId: appId, name: app, ciClass: 'APPLICATION', criticality: service.criticality, owner: `${service.key}-team` });
      relate(serviceId, appId, 'DEPENDS_ON');
      relate(appId, db, 'DEPENDS_ON');
      for (const n of [1, 2]) {
        const container = `ctr-${app}-${n}`;
        add({ externalId: container, name: container, ciClass: 'CONTAINER', criticality: 'MEDIUM', owner: `${service.key}-team` });
        relate(appId, container, 'RUNS_ON');
        relate(container, nextVm(), 'HOSTED_ON');
      }
    }
    if (service.key === 'shop' || service.key === 'payments') relate(serviceId, 'lb-edge', 'DEPENDS_ON');
  }
  // Cross-service dependencies, including one cycle (orders <-> payment-gateway callbacks).
  relate('app-storefront', 'app-payment-gateway', 'DEPENDS_ON');
  relate('app-cart', 'app-loyalty-api', 'DEPENDS_ON');
  relate('app-orders', 'app-payment-gateway', 'DEPENDS_ON');
  relate('app-payment-gateway', 'app-orders', 'CONNECTS_TO');
  relate('app-reporting', 'db-shop-replica', 'DEPENDS_ON');
  relate('app-helpdesk', 'app-mail-relay', 'DEPENDS_ON');
  add({ externalId: 'cloud-cdn', name: 'CDN', ciClass: 'CLOUD_SERVICE', criticality: 'HIGH', owner: 'network' });
  relate('app-storefront', 'cloud-cdn', 'DEPENDS_ON');
  // One retired server, kept for history.
  add({ externalId: 'host-legacy', name: 'host-legacy', ciClass: 'SERVER', lifecycle: 'RETIRED', owner: 'infrastructure' });
  relate('host-legacy', 'rack-sw-1', 'CONNECTS_TO');
  addWebTier(add, relate);
  return { items, relationships };
}

type Call = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/**
 * Loads the demo company through the gateway unless the stores already hold data. Returns false when
 * skipped. `beforeFirstWrite` runs once the stores are known to be empty, before anything is written
 * (npm start marks the load as under way there: scripts/demo-marker.ts).
 */
export async function loadDemo(call: Call, log: (line: string) => void = console.log, beforeFirstWrite: () => void = () => undefined): Promise<boolean> {
  const existing = await call('{ configurationItems(first: 1) { totalCount } tickets(first: 1) { totalCount } }');
  if (existing.configurationItems.totalCount > 0 || existing.tickets.totalCount > 0) return false;
  beforeFirstWrite();
  const { items, relationships } = demoTopology();
  log(`demo: importing ${items.length} configuration items and ${relationships.length} relationships (first start only)`);
  await call(
    'mutation ($items: [ConfigurationItemInput!]!, $relationships: [RelationshipInput!]) { importConfigurationItems(items: $items, relationships: $relationships) { created } }',
    { items, relationships },
  );
  const idOf = async (externalId: string): Promise<string> =>
    (await call('query ($e: String!) { configurationItemByExternalId(externalId: $e) { id } }', { e: externalId })).configurationItemByExternalId.id;
  const incidents = [
    { title: 'Checkout times out for some customers', impact: 'HIGH', urgency: 'HIGH', item: 'app-payment-gateway', group: 'payments-team' },
    { title: 'Search results are slow', impact: 'MEDIUM', urgency: 'MEDIUM', item: 'app-search', group: 'shop-team' },
    { title: 'Disk latency alarms on host-07', impact: 'MEDIUM', urgency: 'HIGH', item: 'host-07', group: 'infrastructure' },
    { title: 'Packet loss on rack-sw-3', impact: 'HIGH', urgency: 'MEDIUM', item: 'rack-sw-3', group: 'network' },
    { title: 'Payroll export fails', impact: 'LOW', urgency: 'MEDIUM', item: 'app-payroll', group: 'hr-team' },
  ];
  log(`demo: opening ${incidents.length} incidents and planning a change`);
  for (const incident of incidents) {
    const created = await call(
      'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }',
      { input: { title: incident.title, impact: incident.impact, urgency: incident.urgency, affectedItemIds: [await idOf(incident.item)], assignmentGroup: incident.group, reporter: 'demo' } },
    );
    if (incident.item === 'host-07') {
      await call('mutation ($id: ID!) { transitionTicket(id: $id, to: IN_PROGRESS) { id } }', { id: created.createIncident.id });
    }
  }
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  await call('mutation ($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id } }', {
    input: {
      title: 'Firmware upgrade of core-sw-1',
      changeType: 'NORMAL',
      impact: 'HIGH',
      urgency: 'MEDIUM',
      affectedItemIds: [await idOf('core-sw-1')],
      plannedStart: tomorrow.toISOString(),
      plannedEnd: new Date(tomorrow.getTime() + 2 * 3_600_000).toISOString(),
      assignmentGroup: 'network',
    },
  });
  await loadChangeAndProblemDemo(call, idOf, log);
  await loadServiceLevelDemo(call, idOf, log);
  log(`demo: loaded ${items.length} configuration items, ${relationships.length} relationships, ${incidents.length} incidents and a planned change`);
  return true;
}

// ---------------------------------------------------------------- change and problem management

/**
 * What the change-and-problem part of the demo is made of, by externalId and title: the loader
 * creates it, and `npm start`'s banner finds it again by the same names.
 */
export const CHANGE_AND_PROBLEM_DEMO = {
  /** A pool of four web servers behind the storefront that keeps serving while three are up. */
  webPool: 'web-pool-storefront',
  webServers: ['web-01', 'web-02', 'web-03', 'web-04'],
  webPoolMinimumAvailable: 3,
  /** The change already planned by `loadDemo`, and one whose window overlaps it on shared business services. */
  firmwareChangeTitle: 'Firmware upgrade of core-sw-1',
  releaseChangeTitle: 'Payment gateway release 4.2',
  /** The host behind a cluster of open incidents, and the problem opened for it. */
  clusterHost: 'host-07',
  problemTitle: 'Slow storage on host-07 disrupts the workloads it hosts',
} as const;

/**
 * The load-balanced web tier: four web servers on four hosts, pooled behind the storefront. With
 * `minimumAvailable` 3 the pool survives losing one server (DEGRADED) but not two (DOWN).
 */
function addWebTier(add: (item: ItemInput) => void, relate: (source: string, target: string, type: RelationshipInput['type']) => void): void {
  const demo = CHANGE_AND_PROBLEM_DEMO;
  add({
    externalId: demo.webPool,
    name: 'storefront web pool',
    ciClass: 'LOAD_BALANCER',
    criticality: 'CRITICAL',
    owner: 'shop-team',
    minimumAvailable: demo.webPoolMinimumAvailable,
  });
  demo.webServers.forEach((server, i) => {
    add({ externalId: server, name: server, ciClass: 'VIRTUAL_MACHINE', criticality: 'HIGH', owner: 'shop-team' });
    relate(server, `host-${String(i + 1).padStart(2, '0')}`, 'HOSTED_ON');
    relate(demo.webPool, server, 'DEPENDS_ON');
  });
  relate('app-storefront', demo.webPool, 'DEPENDS_ON');
}

/**
 * Change and problem management on the demo company: a second change whose window overlaps the
 * core switch's firmware upgrade and shares business services with it (so each lists the other
 * in `conflicts`), three more open incidents on workloads of host-07 (with the one already open on
 * the host itself, `probableCauses` ranks host-07 first), and a problem linking that cluster with
 * a recorded known error.
 */
async function loadChangeAndProblemDemo(call: Call, idOf: (externalId: string) => Promise<string>, log: (line: string) => void): Promise<void> {
  const demo = CHANGE_AND_PROBLEM_DEMO;
  const { tickets } = await call('{ tickets(first: 100, filter: { types: [CHANGE] }) { edges { node { title ... on ChangeRequest { plannedStart } } } } }');
  const firmware = tickets.edges.map((edge: any) => edge.node).find((node: any) => node.title === demo.firmwareChangeTitle);
  // An hour into the firmware window, so the two windows overlap whatever the clock says.
  const releaseStart = new Date(Date.parse(firmware.plannedStart) + 3_600_000);
  await call('mutation ($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id } }', {
    input: {
      title: demo.releaseChangeTitle,
      description: 'Rolling release of the payment gateway; callbacks from orders are paused meanwhile.',
      changeType: 'NORMAL',
      impact: 'MEDIUM',
      urgency: 'MEDIUM',
      affectedItemIds: [await idOf('app-payment-gateway')],
      plannedStart: releaseStart.toISOString(),
      plannedEnd: new Date(releaseStart.getTime() + 2 * 3_600_000).toISOString(),
      assignmentGroup: 'payments-team',
    },
  });

  const cluster = [
    { title: 'Ledger postings take minutes', item: 'ctr-ledger-2', group: 'payments-team' },
    { title: 'Analytics replica lags behind', item: 'db-analytics-replica', group: 'dba' },
    { title: 'vm-066 stops answering health checks', item: 'vm-066', group: 'infrastructure' },
  ];
  const incidentIds: string[] = [];
  for (const incident of cluster) {
    const created = await call('mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', {
      input: { title: incident.title, impact: 'MEDIUM', urgency: 'MEDIUM', affectedItemIds: [await idOf(incident.item)], assignmentGroup: incident.group, reporter: 'demo' },
    });
    incidentIds.push(created.createIncident.id);
  }
  const hostId = await idOf(demo.clusterHost);
  const onHost = await call('query ($ids: [ID!]) { tickets(first: 10, filter: { types: [INCIDENT], affectedItemIds: $ids }) { edges { node { id } } } }', { ids: [hostId] });
  incidentIds.push(...onHost.tickets.edges.map((edge: any) => edge.node.id));

  const problem = await call('mutation ($input: CreateProblemInput!) { createProblem(input: $input) { id version } }', {
    input: {
      title: demo.problemTitle,
      description: 'Workloads on host-07 report slow disks, lag and missed health checks since this morning.',
      impact: 'MEDIUM',
      urgency: 'HIGH',
      affectedItemIds: [hostId],
      incidentIds,
      assignmentGroup: 'infrastructure',
    },
  });
  await call(
    'mutation ($id: ID!, $rootCause: String!, $workaround: String, $version: Int) { recordKnownError(problemId: $id, rootCause: $rootCause, workaround: $workaround, expectedVersion: $version) { id } }',
    {
      id: problem.createProblem.id,
      rootCause: "The RAID controller's cache battery on host-07 failed, so every write goes straight to disk.",
      workaround: 'Move latency-sensitive VMs to host-08 until the battery is replaced.',
      version: problem.createProblem.version,
    },
  );
  log(`demo: planned a conflicting change, opened ${cluster.length} incidents on ${demo.clusterHost}'s workloads and a problem with a known error`);
}

/** Ids of the change-and-problem demo, for ready-to-paste queries; null for what the stores do not hold. */
export interface ChangeAndProblemDemoIds {
  webServerIds: string[] | null;
  changeIds: string[] | null;
  problemId: string | null;
  clusterIncidentIds: string[] | null;
}

/**
 * Finds the change-and-problem demo in the stores (by the names it was created with). Small queries
 * only, each well within the tightest query limits a deployment might set.
 */
export async function findChangeAndProblemDemo(call: Call): Promise<ChangeAndProblemDemoIds> {
  const demo = CHANGE_AND_PROBLEM_DEMO;
  const itemId = async (externalId: string): Promise<string | null> =>
    (await call('query ($e: String!) { configurationItemByExternalId(externalId: $e) { id } }', { e: externalId })).configurationItemByExternalId?.id ?? null;
  const ticketsOf = async (type: 'CHANGE' | 'PROBLEM'): Promise<{ id: string; title: string }[]> =>
    (await call('query ($types: [TicketType!]) { tickets(first: 50, filter: { types: $types }) { edges { node { id title } } } }', { types: [type] })).tickets.edges.map(
      (edge: { node: { id: string; title: string } }) => edge.node,
    );
  const webServerIds = [await itemId(demo.webServers[0]), await itemId(demo.webServers[1])];
  const changes = await ticketsOf('CHANGE');
  const changeIds = [demo.firmwareChangeTitle, demo.releaseChangeTitle].map((title) => changes.find((change) => change.title === title)?.id);
  const problemId = (await ticketsOf('PROBLEM')).find((problem) => problem.title === demo.problemTitle)?.id ?? null;
  const linked = problemId
    ? (await call('query ($id: ID!) { ticket(id: $id) { ... on Problem { incidents { id } } } }', { id: problemId })).ticket.incidents.map((incident: { id: string }) => incident.id)
    : [];
  return {
    webServerIds: webServerIds.every(Boolean) ? (webServerIds as string[]) : null,
    changeIds: changeIds.every(Boolean) ? (changeIds as string[]) : null,
    problemId,
    clusterIncidentIds: linked.length ? linked : null,
  };
}

// ---------------------------------------------------------------- service levels, the catalog and knowledge

/** The service-level part of the demo, by name: the loader creates it, `npm start`'s banner finds it again. */
export const SERVICE_LEVEL_DEMO = {
  /** An incident waiting on a vendor: ON_HOLD, its resolution clock stopped. */
  pausedTitle: 'Receipt printers jam in store 12 (waiting for the vendor)',
  /** An imported P1 nobody has picked up, two hours after its 15-minute response target. */
  unansweredExternalId: 'demo-unanswered-p1',
  unansweredTitle: 'Card terminals offline in store 31',
  /** What searchKnowledge finds in the demo's articles. */
  searchQuery: 'checkout timeout',
} as const;

/** Offerings per business service (by SERVICES key): name, category, fulfilment hours. */
const OFFERINGS: Record<(typeof SERVICES)[number]['key'], [string, string, number][]> = {
  shop: [['Shop back-office access', 'Access', 8], ['Promotion banner', 'Content', 40]],
  payments: [['Refund investigation', 'Finance', 24], ['Payment provider onboarding', 'Finance', 160]],
  fulfilment: [['Warehouse scanner', 'Hardware', 40], ['Carrier account', 'Access', 24]],
  support: [['Helpdesk seat', 'Access', 8], ['Chat macro', 'Content', 16]],
  loyalty: [['Loyalty campaign setup', 'Content', 80]],
  analytics: [['New sales dashboard', 'Reporting', 80], ['Data extract', 'Reporting', 24]],
  hr: [['New starter accounts', 'Access', 16], ['Payroll correction', 'HR', 40]],
  email: [['Shared mailbox', 'Email', 16], ['Distribution list', 'Email', 8]],
};

/** Articles: title, Markdown body, linked items (externalIds), and whether to link the demo's problem. */
const ARTICLES: { title: string; body: string; items: string[]; problem?: boolean }[] = [
  {
    title: 'Checkout timeout: restart the payment gateway pods',
    body: 'When customers see a **timeout at checkout**, the payment gateway usually lost its pool of connections to the ledger.\n\n1. Check the gateway dashboard.\n2. Restart the pods one at a time.\n3. Confirm payments flow again.',
    items: ['app-payment-gateway'],
  },
  {
    title: 'Slow search: rebuild the catalog index',
    body: 'Search slows down when the catalog index falls behind. Trigger a rebuild from the catalog admin page; it takes about ten minutes and search stays up.',
    items: ['app-search', 'app-catalog'],
  },
  {
    title: 'Storage latency on host-07: move workloads off the host',
    body: 'Known error: the storage path of host-07 degrades under load. Workaround: live-migrate its virtual machines to other hosts until the HBA is replaced.',
    items: ['host-07'],
    problem: true,
  },
  {
    title: 'Rack switch packet loss: check the uplinks',
    body: 'Packet loss on a rack switch is most often a flapping uplink to the core. Check the uplink counters, then fail over to the second uplink.',
    items: ['rack-sw-3', 'core-sw-1'],
  },
];

/**
 * The service catalog (a few offerings per business service, one retired), published articles
 * linked to items and the demo's problem, a request, an incident on hold and an unanswered P1.
 */
export async function loadServiceLevelDemo(call: Call, idOf: (externalId: string) => Promise<string>, log: (line: string) => void): Promise<void> {
  const demo = SERVICE_LEVEL_DEMO;
  let offerings = 0;
  let firstOffering: string | null = null;
  for (const service of SERVICES) {
    const businessServiceId = await idOf(`svc-${service.key}`);
    for (const [name, category, fulfilmentHours] of OFFERINGS[service.key]) {
      const created = await call('mutation ($input: ServiceOfferingInput!) { createServiceOffering(input: $input) { id } }', {
        input: { name, category, fulfilmentHours, businessServiceId, description: `${name} for ${service.name}` },
      });
      firstOffering ??= created.createServiceOffering.id;
      offerings += 1;
    }
  }
  await call('mutation ($input: ServiceOfferingInput!) { createServiceOffering(input: $input) { id } }', {
    input: { name: 'Fax line', category: 'Telephony', fulfilmentHours: 24, active: false, description: 'Retired: no new fax lines.' },
  });
  await call('mutation ($input: RequestServiceInput!) { requestService(input: $input) { id } }', {
    input: { offeringId: firstOffering, requestedFor: 'maria.lopez@northwind.example', urgency: 'HIGH' },
  });

  const problems = await call('{ tickets(first: 50, filter: { types: [PROBLEM] }) { edges { node { id title } } } }');
  const problemId: string | undefined = problems.tickets.edges
    .map((edge: { node: { id: string; title: string } }) => edge.node)
    .find((problem: { title: string }) => problem.title === CHANGE_AND_PROBLEM_DEMO.problemTitle)?.id;
  for (const article of ARTICLES) {
    const itemIds = await Promise.all(article.items.map(idOf));
    const created = await call('mutation ($input: KnowledgeArticleInput!) { createKnowledgeArticle(input: $input) { id } }', {
      input: { title: article.title, body: article.body, itemIds, problemIds: article.problem && problemId ? [problemId] : [] },
    });
    await call('mutation ($id: ID!) { publishKnowledgeArticle(id: $id) { id } }', { id: created.createKnowledgeArticle.id });
  }

  const paused = await call('mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id } }', {
    input: { title: demo.pausedTitle, impact: 'MEDIUM', urgency: 'MEDIUM', affectedItemIds: [await idOf('app-orders')], assignmentGroup: 'fulfilment-team', reporter: 'demo' },
  });
  await call('mutation ($id: ID!) { transitionTicket(id: $id, to: ON_HOLD, note: "waiting for the printer vendor") { id } }', { id: paused.createIncident.id });
  await call('mutation ($items: [IncidentImportInput!]!) { importIncidents(items: $items) { created } }', {
    items: [
      {
        externalId: demo.unansweredExternalId,
        title: demo.unansweredTitle,
        impact: 'HIGH',
        urgency: 'HIGH',
        status: 'NEW',
        createdAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        affectedItemIds: [await idOf('app-payment-gateway')],
        assignmentGroup: 'payments-team',
      },
    ],
  });
  log(`demo: ${offerings + 1} catalog offerings, a request, ${ARTICLES.length} published articles, an incident on hold and an unanswered P1`);
}

/** Ids the banner's service-level queries use; null where the stores do not hold that part of the demo. */
export interface ServiceLevelDemoIds {
  offeringId: string | null;
  pausedId: string | null;
  unansweredId: string | null;
  /** An open incident the articles help with (the checkout incident of the demo). */
  helpedIncidentId: string | null;
}

export async function findServiceLevelDemo(call: Call): Promise<ServiceLevelDemoIds> {
  const demo = SERVICE_LEVEL_DEMO;
  const [catalog, incidents] = await Promise.all([
    call('{ serviceCatalog { id } }'),
    // Narrow and small, so that the banner's own queries stay within the tightest MAX_QUERY_COST a test sets.
    call('{ tickets(first: 50, filter: { types: [INCIDENT], statuses: [NEW, ON_HOLD] }) { edges { node { id title externalId } } } }'),
  ]);
  const nodes: { id: string; title: string; externalId: string | null }[] = incidents.tickets.edges.map((edge: { node: unknown }) => edge.node);
  return {
    offeringId: catalog.serviceCatalog[0]?.id ?? null,
    pausedId: nodes.find((node) => node.title === demo.pausedTitle)?.id ?? null,
    unansweredId: nodes.find((node) => node.externalId === demo.unansweredExternalId)?.id ?? null,
    helpedIncidentId: nodes.find((node) => node.title === 'Checkout times out for some customers')?.id ?? null,
  };
}
