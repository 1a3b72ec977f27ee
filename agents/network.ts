// The simulated network between CDN agents: a message arrives after half the CDN-to-CDN round trip
// plus optional jitter, may be lost, and is dropped across a partition or to/from a crashed agent.
// Agents never call each other; they only send here. Must not depend on cdn/ or policies/.
import type { EventHandler, SimClock } from '../core/clock.js';
import type { RandomStream } from '../core/random.js';
import type { Message, Outgoing } from './messages.js';

export interface NetworkOptions {
  /** round-trip time between two CDNs' control planes (ms) */
  rttMs(a: string, b: string): number;
  jitterMs: number;
  lossRate: number;
  /** the random stream of the link from one CDN to another (loss and jitter), one per directed link */
  linkRng(from: string, to: string): RandomStream;
}

export interface MessageTrace {
  tS: number;
  event: 'sent' | 'delivered' | 'lost' | 'dropped';
  message: Message;
}

/** one message in flight: the clock event of its arrival (one object a message, no closure) */
class Delivery implements EventHandler {
  constructor(
    private readonly network: MessageNetwork,
    private readonly message: Message,
  ) {}

  fire(): void {
    this.network.deliver(this.message);
  }
}

export class MessageNetwork {
  sent = 0;
  delivered = 0;
  lost = 0;
  dropped = 0;
  private readonly handlers = new Map<string, (message: Message) => void>();
  private readonly crashedUntil = new Map<string, number>();
  private readonly partitions: { a: string; b: string; untilS: number }[] = [];
  private readonly counters = new Map<string, number>();
  private readonly observers: ((trace: MessageTrace) => void)[] = [];
  private readonly links = new Map<string, RandomStream>();

  constructor(
    private readonly clock: SimClock,
    private readonly options: NetworkOptions,
  ) {}

  register(cdn: string, handler: (message: Message) => void): void {
    this.handlers.set(cdn, handler);
  }

  observe(observer: (trace: MessageTrace) => void): void {
    this.observers.push(observer);
  }

  /** a fresh message id for `from` (deterministic: sender and a per-sender counter) */
  nextId(from: string): string {
    const n = (this.counters.get(from) ?? 0) + 1;
    this.counters.set(from, n);
    return `${from}#${n}`;
  }

  /** Send a message; `id` resends an earlier message under the same id (a retry). Returns the id. */
  send(from: string, outgoing: Outgoing, id = this.nextId(from)): string {
    // the envelope first, then the body: adding fields after a spread is an order of magnitude slower
    // to build in V8, and every control message passes here
    const message = { id, from, ...outgoing } as Message;
    this.sent++;
    this.emit('sent', message);
    if (!this.reachable(from, message.to)) {
      this.dropped++;
      this.emit('dropped', message);
      return id;
    }
    // a link's stream is drawn from only with loss or jitter (and made on first use: making one draws nothing)
    const rng = this.options.lossRate > 0 || this.options.jitterMs > 0 ? this.link(from, message.to) : null;
    if (rng && this.options.lossRate > 0 && rng.next() < this.options.lossRate) {
      this.lost++;
      this.emit('lost', message);
      return id;
    }
    const jitter = rng && this.options.jitterMs > 0 ? rng.next() * this.options.jitterMs : 0;
    const delayS = (this.options.rttMs(from, message.to) / 2 + jitter) / 1000;
    this.clock.scheduleAfter(delayS, new Delivery(this, message));
    return id;
  }

  private link(from: string, to: string): RandomStream {
    const key = `${from}>${to}`;
    let rng = this.links.get(key);
    if (!rng) {
      rng = this.options.linkRng(from, to);
      this.links.set(key, rng);
    }
    return rng;
  }

  /** the agent of `cdn` is down until `untilS` (Infinity: for good) */
  crash(cdn: string, untilS: number): void {
    this.crashedUntil.set(cdn, untilS);
  }

  isUp(cdn: string): boolean {
    return (this.crashedUntil.get(cdn) ?? -Infinity) <= this.clock.now;
  }

  /** no messages pass between a and b until `untilS` */
  partition(a: string, b: string, untilS: number): void {
    this.partitions.push({ a, b, untilS });
  }

  reachable(a: string, b: string): boolean {
    if (!this.isUp(a) || !this.isUp(b)) return false;
    const now = this.clock.now;
    return !this.partitions.some((p) => p.untilS > now && ((p.a === a && p.b === b) || (p.a === b && p.b === a)));
  }

  /** a message arriving (called by its Delivery event) */
  deliver(message: Message): void {
    const handler = this.handlers.get(message.to);
    if (!handler || !this.reachable(message.from, message.to)) {
      this.dropped++;
      this.emit('dropped', message);
      return;
    }
    this.delivered++;
    this.emit('delivered', message);
    handler(message);
  }

  private emit(event: MessageTrace['event'], message: Message): void {
    for (const observer of this.observers) observer({ tS: this.clock.now, event, message });
  }
}
