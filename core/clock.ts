// The discrete-event clock: simulated time and an array-backed binary heap of pending events,
// ordered by (time, insertion sequence) so simultaneous events run in the order they were scheduled.
// Knows nothing of CDNs; no wall-clock time, no real timers, no randomness.

/** Something the clock calls when an event is due. One object serves many events (payload tells them apart). */
export interface EventHandler {
  fire(payload: number): void;
}

/**
 * A handle packs a slot index and the slot's generation (mod 2^8), so a stale handle does not cancel
 * the event that reuses its slot. Handles stay below 2^30, small integers for V8: returning one
 * allocates nothing (a larger number would be boxed on every schedule).
 */
const SLOT_BITS = 2 ** 22;
const MAX_GENERATION = 2 ** 8;
const FREE = 0;
const PENDING = 1;
const CANCELLED = 2;

/**
 * The heap keeps each entry's key (time, sequence) beside its slot in position-indexed typed arrays,
 * so sifting compares contiguous numbers. Cancellation is lazy: a cancelled event stays in the heap,
 * marked, and is dropped when it reaches the top.
 */
export class SimClock {
  /** simulated time, in seconds */
  now = 0;
  /** events fired so far */
  eventsFired = 0;

  private capacity: number;
  private size = 0;
  private cancelledInHeap = 0;
  private nextSeq = 0;
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private slotPayload: Int32Array;
  private slotGeneration: Uint32Array;
  private slotState: Uint8Array;
  private slotHandler: (EventHandler | undefined)[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.heapTime = new Float64Array(initialCapacity);
    this.heapSeq = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.slotPayload = new Int32Array(initialCapacity);
    this.slotGeneration = new Uint32Array(initialCapacity);
    this.slotState = new Uint8Array(initialCapacity);
    this.slotHandler = new Array<EventHandler | undefined>(initialCapacity).fill(undefined);
    this.freeSlots = new Int32Array(initialCapacity);
  }

  /** number of events waiting (cancelled ones excluded) */
  get pending(): number {
    return this.size - this.cancelledInHeap;
  }

  /** time of the next pending event, or Infinity */
  peekTime(): number {
    this.dropCancelledTop();
    return this.size > 0 ? this.heapTime[0] : Infinity;
  }

  /** Schedule `handler.fire(payload)` at absolute simulated time `time` (≥ now); payload is a 32-bit integer. Returns a cancel handle. */
  scheduleAt(time: number, handler: EventHandler, payload = 0): number {
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule at t=${time}: it is before now (${this.now}) or not a number`);
    }
    const slot = this.allocateSlot();
    this.slotPayload[slot] = payload;
    this.slotHandler[slot] = handler;
    this.slotState[slot] = PENDING;
    const pos = this.size++;
    this.heapTime[pos] = time;
    this.heapSeq[pos] = this.nextSeq++;
    this.heapSlot[pos] = slot;
    this.siftUp(pos);
    return this.slotGeneration[slot] * SLOT_BITS + slot;
  }

  /** Schedule after a delay (seconds, ≥ 0). */
  scheduleAfter(delay: number, handler: EventHandler, payload = 0): number {
    return this.scheduleAt(this.now + delay, handler, payload);
  }

  /** Cancel a pending event. Returns false if it already fired or was cancelled. */
  cancel(handle: number): boolean {
    const slot = handle % SLOT_BITS;
    const generation = (handle - slot) / SLOT_BITS;
    if (slot >= this.slotsUsed || this.slotGeneration[slot] !== generation || this.slotState[slot] !== PENDING) return false;
    this.slotState[slot] = CANCELLED;
    this.slotHandler[slot] = undefined;
    this.cancelledInHeap++;
    return true;
  }

  /** Fire the next event, if any. Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelledTop();
    if (this.size === 0) return false;
    this.fireTop();
    return true;
  }

  /** Fire every event due at or before `time`, then set now = time. */
  runUntil(time: number): void {
    while (this.size > 0 && this.heapTime[0] <= time) this.fireTop();
    if (time > this.now) this.now = time;
  }

  /** Fire events until none is pending. */
  run(): void {
    while (this.size > 0) this.fireTop();
  }

  /** pop the top entry and fire it, unless it was cancelled */
  private fireTop(): void {
    const slot = this.heapSlot[0];
    const time = this.heapTime[0];
    this.popTop();
    if (this.slotState[slot] === CANCELLED) {
      this.cancelledInHeap--;
      this.releaseSlot(slot);
      return;
    }
    this.now = time;
    const handler = this.slotHandler[slot] as EventHandler;
    const payload = this.slotPayload[slot];
    this.releaseSlot(slot);
    this.eventsFired++;
    handler.fire(payload);
  }

  private dropCancelledTop(): void {
    while (this.size > 0 && this.slotState[this.heapSlot[0]] === CANCELLED) {
      const slot = this.heapSlot[0];
      this.popTop();
      this.cancelledInHeap--;
      this.releaseSlot(slot);
    }
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotsUsed === this.capacity) this.grow();
    return this.slotsUsed++;
  }

  private releaseSlot(slot: number): void {
    this.slotHandler[slot] = undefined;
    this.slotState[slot] = FREE;
    this.slotGeneration[slot] = (this.slotGeneration[slot] + 1) % MAX_GENERATION;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    if (capacity > SLOT_BITS) throw new RangeError(`more than ${SLOT_BITS} pending events`);
    const grown = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.heapTime = grown(this.heapTime, (n) => new Float64Array(n));
    this.heapSeq = grown(this.heapSeq, (n) => new Float64Array(n));
    this.heapSlot = grown(this.heapSlot, (n) => new Int32Array(n));
    this.slotPayload = grown(this.slotPayload, (n) => new Int32Array(n));
    this.slotGeneration = grown(this.slotGeneration, (n) => new Uint32Array(n));
    this.slotState = grown(this.slotState, (n) => new Uint8Array(n));
    this.freeSlots = grown(this.freeSlots, (n) => new Int32Array(n));
    for (let i = this.capacity; i < capacity; i++) this.slotHandler.push(undefined);
    this.capacity = capacity;
  }

  /** move the entry at `pos` up to its place (integer arguments only: nothing is boxed) */
  private siftUp(pos: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hslot = this.heapSlot;
    const time = ht[pos];
    const seq = hs[pos];
    const slot = hslot[pos];
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent];
      if (pt < time || (pt === time && hs[parent] < seq)) break;
      ht[pos] = pt;
      hs[pos] = hs[parent];
      hslot[pos] = hslot[parent];
      pos = parent;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hslot[pos] = slot;
  }

  /** remove the top entry: move the last one down from the root */
  private popTop(): void {
    const last = --this.size;
    if (last === 0) return;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hslot = this.heapSlot;
    const time = ht[last];
    const seq = hs[last];
    const slot = hslot[last];
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && (ht[right] < ht[child] || (ht[right] === ht[child] && hs[right] < hs[child]))) child = right;
      const ct = ht[child];
      if (time < ct || (time === ct && seq < hs[child])) break;
      ht[pos] = ct;
      hs[pos] = hs[child];
      hslot[pos] = hslot[child];
      pos = child;
    }
    ht[pos] = time;
    hs[pos] = seq;
    hslot[pos] = slot;
  }
}

/** A new clock at t = 0. */
export function createClock(initialCapacity?: number): SimClock {
  return new SimClock(initialCapacity);
}

/** Wraps a plain callback as a handler, for low-volume control-plane events (allocates; not for the hot path). */
export function callbackHandler(callback: () => void): EventHandler {
  return { fire: () => callback() };
}
