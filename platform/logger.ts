/**
 * The hub's one structured logger (pino). Every service and component logs through a child of
 * `logger`, so operators can filter by `service` and `component`; a line written while a request
 * is being served carries that request's id (see `withRequestId`), the same id in the gateway and
 * in the subgraphs it calls.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `work` with `requestId` attached to every line logged inside it, however deep. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestScope.run({ requestId }, work);
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The level before a service has read its configuration. An unknown LOG_LEVEL must not throw at
 * import (pino would): the service's config reports it with every other problem.
 */
function initialLevel(): LogLevel {
  const level = process.env.LOG_LEVEL?.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(level ?? '') ? (level as LogLevel) : 'info';
}

/**
 * pino's error serializer, without the `client` node-postgres attaches to errors of idle
 * connections: it holds the connection parameters, password included, and fills pages.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (serialized && typeof serialized === 'object' && 'client' in serialized) delete serialized.client;
  return serialized;
}

export const logger: Logger = pino({
  level: initialLevel(),
  base: { pid: process.pid },
  mixin: () => {
    const requestId = currentRequestId();
    // With tracing on (platform/telemetry.ts), the trace a line belongs to, to go from a trace to its lines.
    const span = trace.getActiveSpan()?.spanContext();
    const traced = span && span.traceFlags & 1 ? { traceId: span.traceId, spanId: span.spanId } : {};
    return requestId ? { requestId, ...traced } : traced;
  },
  serializers: { err: serializeError, error: serializeError },
});

/** Sets the level of every logger (the services' config calls this with LOG_LEVEL). */
export function setLogLevel(level: LogLevel): void {
  logger.level = level;
}

/** A child logger for one component of one service, e.g. `componentLogger('tickets', 'outbox')`. */
export function componentLogger(service: string, component: string): Logger {
  return logger.child({ service, component });
}

/**
 * Logs an error at most once per `intervalMs` per key, counting the ones it held back, for
 * failures that repeat in a loop (a poll against a database that is down) and would otherwise
 * flood the log.
 */
export function rateLimitedErrorLog(log: Logger, intervalMs = 30_000) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string, error: unknown, message: string): void => {
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    log.error({ err: error, suppressed: seen?.suppressed ?? 0 }, message);
    last.set(key, { at: now, suppressed: 0 });
  };
}
