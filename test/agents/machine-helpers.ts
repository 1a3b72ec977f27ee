// Helpers for pure transition() tests of the agent machines: the delayed events a step scheduled,
// and the names of the custom actions it asked to run.
import type { Sla } from '../../agents/cdni/vocabulary.js';

interface ActionLike {
  type: string;
  params?: unknown;
}

/** the events of the timers (after / delayed raise) that a step scheduled, by delay name prefix */
export function timers(actions: readonly ActionLike[]): { type: string }[] {
  return actions
    .filter((a) => a.type === 'xstate.raise' && (a.params as { delay?: number }).delay !== undefined)
    .map((a) => (a.params as { event: { type: string } }).event);
}

/** the event of the `delay` timer a step scheduled, typed to fit any machine's event (xstate's internal after-event) */
export function timer(actions: readonly ActionLike[], delay: string): never {
  const found = timers(actions).find((e) => e.type.startsWith(`xstate.after.${delay}.`));
  if (!found) throw new Error(`no ${delay} timer among ${JSON.stringify(timers(actions))}`);
  return found as never;
}

export function actionTypes(actions: readonly ActionLike[]): string[] {
  return actions.map((a) => a.type).filter((t) => !t.startsWith('xstate.'));
}

/** a counter-based io stub: ids m1, m2, … */
export function stubIo() {
  let n = 0;
  const sent: { message: unknown; id: string }[] = [];
  return { sent, io: { nextId: () => `m${++n}`, transmit: (message: unknown, id: string) => sent.push({ message, id }) } };
}

export function sla(overrides: Partial<Sla> = {}): Sla {
  return {
    arrangementId: 'alpha>beta#1',
    primary: 'alpha',
    peer: 'beta',
    profileId: 'beta-standard',
    term: 'short',
    regions: ['eu-west'],
    capacityRps: 500,
    pricePerGB: 0.012,
    reservationPerRpsHour: 0,
    qos: { p95LatencyMs: 300, maxRejectedShare: 0.05 },
    penaltyPerViolation: 1,
    startS: 0,
    durationS: 1800,
    noticeS: 60,
    ...overrides,
  };
}

export const envelope = { id: 'x1', from: 'beta', to: 'alpha' };
