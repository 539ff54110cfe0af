import type { ConfigurationItem } from '../domain';
import type { OutageItemResolvers, OutageReportResolvers } from '../generated/resolvers';
import type { RequestContext } from '../context';

/** Items of a report by id, through the request's loader: one store query for every item of the answer. */
async function items(ids: string[], { loaders }: RequestContext): Promise<ConfigurationItem[]> {
  const loaded = await loaders.itemById.loadMany(ids);
  return loaded.map((item, index) => {
    if (!item || item instanceof Error) throw item instanceof Error ? item : new Error(`outage item ${ids[index]} vanished`);
    return item;
  });
}

export const OutageReport: OutageReportResolvers = {
  roots: (report, _, context) => items(report.rootIds, context),
  businessServicesDown: (report, _, context) => items(report.businessServicesDown, context),
  businessServicesDegraded: (report, _, context) => items(report.businessServicesDegraded, context),
};

export const OutageItem: OutageItemResolvers = {
  item: async (entry, _, context) => (await items([entry.itemId], context))[0],
  downDependencies: (entry, _, context) => items(entry.downDependencyIds, context),
};
