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
  return { items, relationships };
}

type Call = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/** Loads the demo company through the gateway unless the stores already hold data. Returns false when skipped. */
export async function loadDemo(call: Call, log: (line: string) => void = console.log): Promise<boolean> {
  const existing = await call('{ configurationItems(first: 1) { totalCount } tickets(first: 1) { totalCount } }');
  if (existing.configurationItems.totalCount > 0 || existing.tickets.totalCount > 0) return false;
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
  log(`demo: loaded ${items.length} configuration items, ${relationships.length} relationships, ${incidents.length} incidents and a planned change`);
  return true;
}
