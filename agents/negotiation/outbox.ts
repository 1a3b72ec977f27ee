// The outbox the agent machines share: the message a machine awaits an answer to, kept under one
// id so that a retry resends the very same message and receivers can answer retries idempotently.
// Must not depend on cdn/ or policies/.
import type { Outgoing } from '../messages.js';

/** how a machine sends: fresh message ids, and the network (stamped with the sending agent) */
export interface MachineIo {
  nextId(): string;
  transmit(message: Outgoing, id: string): void;
}

export interface OutboxContext {
  io: MachineIo;
  outbox: Outgoing | null;
  outboxId: string;
}

/** context fields for a fresh message to send, under a new id */
export function newOutbox(context: { io: MachineIo }, message: Outgoing): { outbox: Outgoing; outboxId: string } {
  return { outbox: message, outboxId: context.io.nextId() };
}

/** the `transmit` action: send (or resend, same id) the outbox */
export function transmitOutbox({ context }: { context: OutboxContext }): void {
  if (context.outbox) context.io.transmit(context.outbox, context.outboxId);
}
