/**
 * What every GraphQL request leaves behind, in the gateway and in each subgraph: a count and a
 * latency by operation name and outcome (platform/metrics.ts), and, when tracing is on, its
 * HTTP server span renamed and attributed after the operation (`query ImpactWithIncidents`).
 */
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { operationLabel, recordRequest } from './metrics';
import { activeSpan, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from './telemetry';

/** Codes that say the client asked for something the hub refuses: an answer, not a fault of the service. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** An error code as a label: codes are the server's own words, but a subgraph's could be anything. */
const CODE_LABEL = /^[A-Z][A-Z0-9_]{0,63}$/;

/** `ok`, or the code of the response's first error (INTERNAL_SERVER_ERROR when it has none). */
export function outcomeOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string {
  if (!errors?.length) return 'ok';
  const code = errors[0].extensions?.code;
  if (typeof code !== 'string') return 'INTERNAL_SERVER_ERROR';
  return CODE_LABEL.test(code) ? code : 'OTHER';
}

function responseErrors(response: GraphQLResponse) {
  const body = response.body;
  return body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
}

/** The Apollo Server plugin that records each request of `service` (gateway, cmdb, tickets, knowledge). */
export function requestTelemetry<TContext extends BaseContext>(service: string): ApolloServerPlugin<TContext> {
  return {
    // Refused while building the context (a bad token, a caller without the internal secret):
    // Apollo runs no request hooks for these, but they are requests all the same.
    async contextCreationDidFail({ error }) {
      const outcome = outcomeOf([error as { extensions?: Record<string, unknown> }]);
      recordRequest(service, operationLabel(undefined), outcome);
      activeSpan()?.setAttribute(ATTR_ERROR_TYPE, outcome);
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async didResolveOperation({ operation }) {
          const span = activeSpan();
          if (!span || !operation) return;
          const name = operation.name?.value;
          span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
        },
        async willSendResponse({ response, operation }) {
          const outcome = outcomeOf(responseErrors(response));
          const operationName = operation ? (operation.name?.value ?? null) : undefined;
          recordRequest(service, operationLabel(operationName), outcome, (performance.now() - started) / 1000);
          const span = activeSpan();
          if (span && outcome !== 'ok') {
            span.setAttribute(ATTR_ERROR_TYPE, outcome);
            if (!CLIENT_CODES.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          }
        },
      };
    },
  };
}
