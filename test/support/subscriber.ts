/** graphql-ws subscribers for tests: collect every message of a subscription and wait for counts; one connection may carry several. */
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
  /** Closes the subscription's connection (every subscription on it ends). */
  close(): Promise<void>;
  /** Completes this subscription only. */
  unsubscribe(): void;
  closeCode: Promise<{ code: number; reason: string }>;
}

export interface SubscriptionOptions {
  query?: string;
  operationName?: string;
}

/** One graphql-ws connection carrying any number of subscriptions; its socket can stop being read (`pause`). */
export interface Connection {
  subscribe(variables?: Record<string, unknown>, options?: SubscriptionOptions): Subscriber;
  /** Stops reading the socket (the server's writes then back up), until `resume`. */
  pause(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
  closeCode: Promise<{ code: number; reason: string }>;
}

export function connect(gatewayUrl: string, options: { connectionParams?: Record<string, unknown> } = {}): Connection {
  let resolveClose!: (value: { code: number; reason: string }) => void;
  const closeCode = new Promise<{ code: number; reason: string }>((resolve) => (resolveClose = resolve));
  let resolveSocket!: (socket: WebSocket) => void;
  const socket = new Promise<WebSocket>((resolve) => (resolveSocket = resolve));
  const client: Client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: options.connectionParams,
    on: {
      connected: (opened) => resolveSocket(opened as WebSocket),
      closed: (event) => resolveClose({ code: (event as any)?.code, reason: String((event as any)?.reason ?? '') }),
    },
  });
  return {
    subscribe: (variables = {}, subscription = {}) => subscribeOn(client, variables, subscription, () => client.dispose(), closeCode),
    async pause() {
      (await socket).pause();
    },
    resume() {
      void socket.then((opened) => opened.resume());
    },
    async close() {
      // A paused socket would not read the server's answer to the close.
      (await Promise.race([socket, null]))?.resume();
      await client.dispose();
    },
    closeCode,
  };
}

/** One subscription on a connection of its own; closing it closes the connection. */
export function subscribe(
  gatewayUrl: string,
  variables: Record<string, unknown> = {},
  options: SubscriptionOptions & { connectionParams?: Record<string, unknown> } = {},
): Subscriber {
  return connect(gatewayUrl, { connectionParams: options.connectionParams }).subscribe(variables, options);
}

function subscribeOn(
  client: Client,
  variables: Record<string, unknown>,
  options: SubscriptionOptions,
  close: () => Promise<void> | void,
  closeCode: Subscriber['closeCode'],
): Subscriber {
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
      await close();
    },
    unsubscribe: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe(
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
