/**
 * A topology with exactly `size` items relying on one root (default 10,000), in four layers:
 * servers on the root switch, VMs on the servers, applications on the VMs, business services
 * on the applications. For the explorer's large-answer test, loaded through the API.
 */
export function largeTopology(rootExternalId: string, size = 10_000) {
  const servers = Math.round(size / 100);
  const services = 10;
  const apps = Math.round(size * 0.089);
  const vms = size - servers - apps - services;
  const items: Record<string, unknown>[] = [{ externalId: rootExternalId, name: rootExternalId, ciClass: 'NETWORK_DEVICE', criticality: 'CRITICAL' }];
  const relationships: { sourceExternalId: string; targetExternalId: string; type: string }[] = [];
  const layer = (prefix: string, count: number, ciClass: string, criticality: string, below: (i: number) => string, type: string) => {
    for (let i = 0; i < count; i++) {
      const externalId = `${prefix}-${i}`;
      items.push({ externalId, name: externalId, ciClass, criticality });
      relationships.push({ sourceExternalId: externalId, targetExternalId: below(i), type });
    }
  };
  layer(`${rootExternalId}-srv`, servers, 'SERVER', 'HIGH', () => rootExternalId, 'CONNECTS_TO');
  layer(`${rootExternalId}-vm`, vms, 'VIRTUAL_MACHINE', 'MEDIUM', (i) => `${rootExternalId}-srv-${i % servers}`, 'HOSTED_ON');
  layer(`${rootExternalId}-app`, apps, 'APPLICATION', 'HIGH', (i) => `${rootExternalId}-vm-${i % vms}`, 'RUNS_ON');
  layer(`${rootExternalId}-svc`, services, 'BUSINESS_SERVICE', 'CRITICAL', (i) => `${rootExternalId}-app-${i % apps}`, 'DEPENDS_ON');
  return { items, relationships };
}

type Call = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/**
 * Imports `largeTopology` through the API in calls of at most 5,000 items (the API takes
 * 10,000 a call); each relationship goes with the item that relies, whose target came earlier.
 */
export async function importLargeTopology(call: Call, rootExternalId: string, size = 10_000): Promise<void> {
  const { items, relationships } = largeTopology(rootExternalId, size);
  for (let start = 0; start < items.length; start += 5000) {
    const chunk = items.slice(start, start + 5000);
    const sources = new Set(chunk.map((item) => item.externalId));
    await call(
      'mutation ($items: [ConfigurationItemInput!]!, $relationships: [RelationshipInput!]) { importConfigurationItems(items: $items, relationships: $relationships) { created } }',
      { items: chunk, relationships: relationships.filter((r) => sources.has(r.sourceExternalId)) },
    );
  }
}
