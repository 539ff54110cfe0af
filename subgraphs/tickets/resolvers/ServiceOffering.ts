import type { ServiceOfferingResolvers } from '../generated/resolvers';

export const ServiceOffering: ServiceOfferingResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.offeringById.load(reference.id),
  businessService: (offering) =>
    offering.businessServiceId ? { __typename: 'ConfigurationItem' as const, id: offering.businessServiceId } : null,
};
