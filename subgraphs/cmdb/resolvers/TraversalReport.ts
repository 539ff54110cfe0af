import type { TraversalReportResolvers } from '../generated/resolvers';

export const TraversalReport: TraversalReportResolvers = {
  root: (report) => report.roots,

  edges: (report, _, { cmdb }) => cmdb.traversalEdges(report),
};
