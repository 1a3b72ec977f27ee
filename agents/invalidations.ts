// CI/T invalidations (RFC 8007) of one CDN's agent, both ways, with the cascade rules of §4.6.
// As a CDN the origin tells of its content changes (its data-plane role is primary: `contracted`),
// it originates an invalidate to every peer it has had an arrangement with (their caches may hold
// copies), with `cdnPath` [itself]. As a peer it applies an invalidate to its own caches; a CDN the
// origin does not tell (a transit) then relays it to its own peers, appending itself to the path and
// never to a CDN already on it, and reports `active` at once and `complete` only when every peer it
// relayed to is complete (`failed` with `ecdn` when one of them failed). A command with its own id
// on the path is rejected (`failed`, `ereject`), never applied or relayed: a loop avoided. Commands
// are resent under one message id every retry interval until a final status (INVALIDATION_RETRIES
// resends without an answer, then given up); an `active` answer means the command is being worked
// on, and later resends poll it. A resend reaching a peer is answered with what it has, never redone.
import { callbackHandler } from '../core/clock.js';
import type { ContentChange } from '../cdn/port/cdn-port.js';
import type { TriggerError, TriggerStatus } from './cdni/vocabulary.js';
import type { AgentEnv } from './env.js';
import type { ArrangementRecord } from './ledger.js';
import type { MessageOf } from './messages.js';
import { INVALIDATION_RETRIES, retryMs } from './protocol.js';

/** what an invalidate asks: the objects' new versions, and the in-line size bound */
interface Invalidation {
  objects: number[];
  versions: number[];
  inlineBelowBytes: number;
}

/** a relayed command's downstream commands: settled when all are final */
interface Relay {
  open: number;
  failed: boolean;
  settle: (failed: boolean) => void;
}

interface Pending {
  triggerId: string;
  messageId: string;
  record: ArrangementRecord;
  invalidation: Invalidation;
  cdnPath: string[];
  /** resends since the last answer */
  tries: number;
  /** the command it relays (null: originated here) */
  relay: Relay | null;
}

/** what this CDN did with a command it received, by sender and trigger id */
interface Received {
  status: TriggerStatus;
  errors?: TriggerError[];
}

export interface InvalidationCounts {
  /** invalidates it originated (one per peer and change) */
  originated: number;
  /** invalidates it relayed on to its own peers */
  relayed: number;
  /** relays not sent because the peer was already on the path */
  skippedOnPath: number;
  /** commands received with its own id on the path, rejected */
  loopsRejected: number;
  /** relayed commands answered `failed` because a downstream peer failed */
  downstreamFailed: number;
}

export class Invalidations {
  readonly counts: InvalidationCounts = { originated: 0, relayed: 0, skippedOnPath: 0, loopsRejected: 0, downstreamFailed: 0 };
  private readonly pending = new Map<string, Pending>();
  private readonly received = new Map<string, Received>();
  private sequence = 0;

  constructor(
    private readonly env: AgentEnv,
    /** whether the origin tells this CDN of its changes (then it originates and never relays) */
    private readonly contracted: boolean,
  ) {
    if (contracted) env.port.content.onChange((change) => this.originate(change));
  }

  /** a peer's status of a command it was sent */
  onStatus(message: MessageOf<'trigger.status'>): void {
    const p = this.pending.get(message.triggerId);
    if (!p || message.from !== p.record.peer) return;
    const counts = p.record.content?.invalidations;
    if (message.status === 'complete') {
      if (counts) counts.acked++;
      this.settle(p, false);
    } else if (message.status === 'failed') {
      if (counts) counts.failed++;
      this.settle(p, true);
    } else p.tries = 0; // being worked on: keep polling
  }

  /** a command from a primary: rejected on a loop, else applied, relayed by a transit, answered */
  onInvalidate(message: MessageOf<'trigger.invalidate'>): void {
    const key = `${message.from} ${message.triggerId}`;
    const known = this.received.get(key);
    if (known) return this.answer(message, known);
    if (message.cdnPath.includes(this.env.id)) {
      this.counts.loopsRejected++;
      return this.remember(message, key, { status: 'failed', errors: ['ereject'] });
    }
    const invalidation = this.applyLocally(message);
    const targets = this.contracted ? [] : this.downstream(message.cdnPath);
    if (targets.length === 0) return this.remember(message, key, { status: 'complete' });
    const relay: Relay = {
      open: targets.length,
      failed: false,
      settle: (failed) => {
        if (failed) this.counts.downstreamFailed++;
        this.remember(message, key, failed ? { status: 'failed', errors: ['ecdn'] } : { status: 'complete' });
      },
    };
    this.remember(message, key, { status: 'active' });
    const cdnPath = [...message.cdnPath, this.env.id];
    for (const record of targets) {
      this.counts.relayed++;
      this.send(record, invalidation, cdnPath, relay);
    }
  }

  private originate(change: ContentChange): void {
    if (change.signal !== 'invalidate') return;
    const invalidation = { objects: change.objects, versions: change.versions, inlineBelowBytes: change.inlineBelowBytes };
    const cdnPath = [this.env.id];
    for (const record of this.downstream(cdnPath)) {
      this.counts.originated++;
      this.send(record, invalidation, cdnPath, null);
    }
  }

  /** one record per peer it has had an active arrangement with as primary (its latest), none on the path */
  private downstream(cdnPath: readonly string[]): ArrangementRecord[] {
    const env = this.env;
    const latest = new Map<string, ArrangementRecord>();
    for (const a of env.ledger.arrangements) if (a.primary === env.id && a.activeAtS !== null) latest.set(a.peer, a);
    const targets: ArrangementRecord[] = [];
    for (const [peer, record] of latest) {
      if (cdnPath.includes(peer)) this.counts.skippedOnPath++;
      else targets.push(record);
    }
    return targets;
  }

  /** the command's valid objects, applied to this CDN's own caches (idempotent) */
  private applyLocally(message: MessageOf<'trigger.invalidate'>): Invalidation {
    const port = this.env.port;
    const n = Math.min(message.objects.length, message.versions.length);
    const objects: number[] = [];
    const versions: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = message.objects[i];
      if (!Number.isInteger(o) || o < 0 || o >= port.catalogObjects) continue;
      objects.push(o);
      versions.push(message.versions[i]);
    }
    port.content.invalidate(objects, versions, message.inlineBelowBytes);
    return { objects, versions, inlineBelowBytes: message.inlineBelowBytes };
  }

  private send(record: ArrangementRecord, invalidation: Invalidation, cdnPath: string[], relay: Relay | null): void {
    const p: Pending = {
      triggerId: `${record.id}/invalidate-${++this.sequence}`,
      messageId: this.env.network.nextId(this.env.id),
      record,
      invalidation,
      cdnPath,
      tries: 0,
      relay,
    };
    if (record.content) record.content.invalidations.sent++;
    this.pending.set(p.triggerId, p);
    this.transmit(p);
  }

  private transmit(p: Pending): void {
    const env = this.env;
    const i = p.invalidation;
    env.network.send(
      env.id,
      {
        type: 'trigger.invalidate',
        to: p.record.peer,
        arrangementId: p.record.id,
        triggerId: p.triggerId,
        objects: i.objects,
        versions: i.versions,
        inlineBelowBytes: i.inlineBelowBytes,
        cdnPath: p.cdnPath,
      },
      p.messageId,
    );
    env.clock.scheduleAfter(
      retryMs(env) / 1000,
      callbackHandler(() => this.retry(p)),
    );
  }

  private retry(p: Pending): void {
    if (this.pending.get(p.triggerId) !== p) return;
    const counts = p.record.content?.invalidations;
    if (++p.tries > INVALIDATION_RETRIES) {
      if (counts) counts.failed++;
      this.settle(p, true);
      return;
    }
    if (counts) counts.resent++;
    this.transmit(p);
  }

  /** the command is final: no more resends, and the relay it belongs to hears */
  private settle(p: Pending, failed: boolean): void {
    this.pending.delete(p.triggerId);
    const relay = p.relay;
    if (relay === null) return;
    if (failed) relay.failed = true;
    if (--relay.open === 0) relay.settle(relay.failed);
  }

  private remember(message: MessageOf<'trigger.invalidate'>, key: string, status: Received): void {
    this.received.set(key, status);
    this.answer(message, status);
  }

  private answer(message: MessageOf<'trigger.invalidate'>, r: Received): void {
    const env = this.env;
    env.network.send(env.id, {
      type: 'trigger.status',
      to: message.from,
      arrangementId: message.arrangementId,
      triggerId: message.triggerId,
      trigger: 'invalidate',
      status: r.status,
      ...(r.errors ? { errors: r.errors } : {}),
    });
  }
}
