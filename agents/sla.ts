// SLA judging and fees, once per measurement window for every active arrangement, over its own
// peering lane: what was delivered since the last window against the SLA's targets (a window with
// too few requests to judge counts as met), the fee owed (per GB plus the reservation fee), the
// penalty of a missed window, and the QoS history the primary keeps of the peer. Whether repeated
// misses end the arrangement is the primary's policy decision (`breach`), not decided here.
// Must not depend on cdn/ internals or reports.
import type { LaneReading } from '../cdn/port/cdn-port.js';
import type { QosTargets, Sla } from './cdni/vocabulary.js';
import type { ArrangementRecord, Ledger } from './ledger.js';
import type { Knowledge } from './knowledge.js';
import { observe } from './predictors.js';

/** a window with fewer redirected requests than this says nothing about the SLA */
export const SLA_MIN_SAMPLES = 20;
/** the p95 target is met when at most this share of the window's redirected requests is slower */
export const SLA_SLOW_SHARE = 0.05;

/** what a lane carried in one window */
export interface WindowDelivery {
  served: number;
  slow: number;
  rejected: number;
  bytes: number;
  latencySumMs: number;
}

/** whether a window's deliveries met the SLA's targets */
export function slaMet(d: WindowDelivery, qos: QosTargets): boolean {
  const offered = d.served + d.rejected;
  if (offered < SLA_MIN_SAMPLES) return true;
  return d.slow <= SLA_SLOW_SHARE * d.served && d.rejected <= qos.maxRejectedShare * offered;
}

/** the fee of one window: bytes delivered at the per-GB price, plus the reservation of the agreed capacity */
export function windowFee(d: WindowDelivery, sla: Sla, windowS: number): number {
  return (d.bytes * sla.pricePerGB) / 1e9 + (sla.reservationPerRpsHour * sla.capacityRps * windowS) / 3600;
}

export interface Judged {
  record: ArrangementRecord;
  sla: Sla;
  lane: number;
}

export interface JudgeVerdict {
  met: boolean;
  /** windows in a row, up to this one, that missed the targets */
  consecutiveViolations: number;
}

export class SlaJudge {
  private readonly last = new Map<number, LaneReading>();
  private readonly streaks = new Map<string, number>();

  constructor(private readonly ledger: Ledger) {}

  /** judge one window of an active arrangement: counts, fees and penalties into its record and the ledger */
  judge(primary: string, knowledge: Knowledge, live: Judged, reading: LaneReading, windowS: number): JudgeVerdict {
    const before = this.last.get(live.lane);
    this.last.set(live.lane, reading);
    const d: WindowDelivery = {
      served: reading.served - (before?.served ?? 0),
      slow: reading.slow - (before?.slow ?? 0),
      rejected: reading.rejected - (before?.rejected ?? 0),
      bytes: reading.bytes - (before?.bytes ?? 0),
      latencySumMs: reading.latencySumMs - (before?.latencySumMs ?? 0),
    };
    const { sla, record: r } = live;
    const met = slaMet(d, sla.qos);
    const peerMoney = this.ledger.moneyOf(sla.peer);
    const primaryMoney = this.ledger.moneyOf(primary);
    r.servedRequests = reading.served;
    r.bytes = reading.bytes;
    r.firstRedirectAtS ??= reading.firstServedS;
    if (reading.served > 0) r.deliveredLatencyMs = reading.latencySumMs / reading.served;
    // with CDNI log reconciliation the per-GB part is billed on the reconciled records (primary/log-reconciliation)
    const fee = windowFee(r.cdni === undefined ? d : { ...d, bytes: 0 }, sla, windowS);
    r.fees += fee;
    primaryMoney.feesPaid += fee;
    peerMoney.feesEarned += fee;
    const streak = met ? 0 : (this.streaks.get(r.id) ?? 0) + 1;
    this.streaks.set(r.id, streak);
    if (!met) {
      r.slaViolations++;
      r.penalties += sla.penaltyPerViolation;
      peerMoney.penaltiesPaid += sla.penaltyPerViolation;
      primaryMoney.penaltiesReceived += sla.penaltyPerViolation;
    }
    if (d.served > 0) observe(knowledge.history(sla.peer), d.latencySumMs / d.served, met);
    return { met, consecutiveViolations: streak };
  }
}
