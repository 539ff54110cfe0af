/**
 * The machine's floor for the subscription benchmark: a bare WebSocket server that speaks just
 * enough of graphql-ws (`connection_init` → `connection_ack`, `subscribe` → its id) and writes each
 * event, given to it already serialized, to every subscriber as `{"id":…,"type":"next","payload":…}`,
 * with `ws` as the gateway does. No GraphQL, no database, no payload query: what is left is the
 * socket writes, the kernel's loopback and the same subscriber process as the real rounds. Latency
 * over this floor is the gateway's; latency at the floor is the machine's.
 *
 * Runs in a process of its own (`fork` of this file with FLOOR_FLAG), told by its parent over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';

export const FLOOR_FLAG = '--subscription-floor-server';

type ToFloor = { type: 'event'; json: string } | { type: 'status' };
type FromFloor = { type: 'listening'; port: number } | { type: 'written'; at: number } | { type: 'status'; cpuMs: number; subscribers: number };

/** The parent's handle on a floor server process. */
export class FloorServer {
  private readonly waiting: ((message: FromFloor) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: FromFloor) => this.waiting.shift()?.(message));
  }

  static async start(): Promise<FloorServer> {
    const child = fork(__filename, [FLOOR_FLAG], { execArgv: process.execArgv.filter((a) => !a.startsWith('--expose')), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const listening = await new Promise<FromFloor>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the floor server exited (${code}) before listening`)));
    });
    if (listening.type !== 'listening') throw new Error(`the floor server said ${listening.type} first`);
    return new FloorServer(child, `http://127.0.0.1:${listening.port}/graphql`);
  }

  private ask(message: ToFloor): Promise<FromFloor> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send(message);
    });
  }

  /** Writes one event's serialized result to every subscriber; resolves with when it started writing (epoch ms). */
  async publish(json: string): Promise<number> {
    const answer = await this.ask({ type: 'event', json });
    return answer.type === 'written' ? answer.at : NaN;
  }

  /** CPU the server process spent so far (ms), and the subscriptions it holds. */
  async status(): Promise<{ cpuMs: number; subscribers: number }> {
    const answer = await this.ask({ type: 'status' });
    return answer.type === 'status' ? { cpuMs: answer.cpuMs, subscribers: answer.subscribers } : { cpuMs: NaN, subscribers: NaN };
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }
}

function serve(): void {
  const subscribers = new Map<WebSocket, string[]>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/graphql', handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });
  server.on('connection', (socket) => {
    subscribers.set(socket, []);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'subscribe' && message.id) subscribers.get(socket)!.push(`{"id":${JSON.stringify(message.id)},"type":"next","payload":`);
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
    });
    socket.on('close', () => subscribers.delete(socket));
  });
  server.on('listening', () => process.send!({ type: 'listening', port: (server.address() as { port: number }).port } satisfies FromFloor));
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToFloor) => {
    if (message.type === 'status') {
      const cpu = process.cpuUsage();
      let held = 0;
      for (const prefixes of subscribers.values()) held += prefixes.length;
      process.send!({ type: 'status', cpuMs: (cpu.user + cpu.system) / 1000, subscribers: held } satisfies FromFloor);
      return;
    }
    const at = performance.timeOrigin + performance.now();
    // As the gateway writes (gateway/subscriptions/delivery.ts): one string per subscriber, one `send` each.
    for (const [socket, prefixes] of subscribers) for (const prefix of prefixes) socket.send(prefix + message.json + '}');
    process.send!({ type: 'written', at } satisfies FromFloor);
  });
}

if (process.argv.includes(FLOOR_FLAG) && process.send) serve();
