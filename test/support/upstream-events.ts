/** Events as the gateway's upstream stream hands them to delivery groups, for the delivery unit suites. */
import type { UpstreamEvent } from '../../gateway/subscriptions/upstream';

/** A comment on incident `t<sequence>`, numbered `sequence` in the stream. */
export const upstreamEvent = (sequence: number): UpstreamEvent => ({
  sequence: String(sequence),
  kind: 'COMMENTED',
  at: '2026-01-01T00:00:00Z',
  changedFields: [],
  ticket: { __typename: 'Incident', id: `t${sequence}` },
});
