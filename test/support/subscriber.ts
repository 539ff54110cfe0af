/** A graphql-ws subscriber for tests: collects every message of one subscription and waits for counts. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { until } from './eventually';
import { GOLDEN_OPERATIONS } from './hub';

export interface Subscriber {
  events: any[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` events arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /** Waits `ms` and returns what arrived, for asserting that nothing more came. */
  settle(ms: number): Promise<any[]>;
  close(): Promise<void>;
  closeCode: Promise<{ code: number; reason: string }>;
}

export function subscribe(
  gatewayUrl: string,
  variables: Record<string, unknown> = {},
  options: { query?: string; operationName?: string; connectionParams?: Record<string, unknown> } = {},
): Subscriber {
  let resolveClose!: (value: { code: number; reason: string }) => void;
  const closeCode = new Promise<{ code: number; reason: string }>((resolve) => (resolveClose = resolve));
  const client: Client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: options.connectionParams,
    on: { closed: (event) => resolveClose({ code: (event as any)?.code, reason: String((event as any)?.reason ?? '') }) },
  });
  const subscriber: Subscriber = {
    events: [],
    errors: [],
    completed: false,
    closeCode,
    async waitFor(count, timeoutMs = 15_000) {
      await until(
        () => {
          if (subscriber.errors.length) throw new Error(`subscription failed: ${JSON.stringify(subscriber.errors)}`);
          return subscriber.events.length >= count;
        },
        { timeoutMs, what: `${count} events`, describe: () => `got ${subscriber.events.length}` },
      );
      return subscriber.events;
    },
    async settle(ms) {
      await new Promise((r) => setTimeout(r, ms));
      return subscriber.events;
    },
    async close() {
      await client.dispose();
    },
  };
  client.subscribe(
    {
      query: options.query ?? GOLDEN_OPERATIONS,
      operationName: options.query ? options.operationName : options.operationName ?? 'TicketEvents',
      variables,
    },
    {
      next: (result) => {
        if (result.errors) subscriber.errors.push(result.errors);
        else subscriber.events.push((result.data as any).ticketEvents ?? result.data);
      },
      error: (error) => subscriber.errors.push(error),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

interface HubCounts {
  gateway: { subscribers: number; upstreamStreams: number };
  tickets: { feed: { subscriberCount: number } };
}

/**
 * Waits until the gateway holds `count` subscriptions and every upstream
 * stream they use is registered at the tickets subgraph's feed (the end of the
 * chain client -> gateway -> tickets), so a test's mutations are not sent
 * before its subscribers listen.
 */
export async function untilSubscribed(hub: HubCounts, count: number, timeoutMs = 10_000): Promise<void> {
  await until(() => hub.gateway.subscribers === count && hub.tickets.feed.subscriberCount === hub.gateway.upstreamStreams, {
    timeoutMs,
    what: `${count} live subscriptions`,
    describe: () =>
      `${hub.gateway.subscribers} subscriptions at the gateway (expected ${count}), ` +
      `${hub.tickets.feed.subscriberCount} at the feed for ${hub.gateway.upstreamStreams} upstream streams`,
  });
}
