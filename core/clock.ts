// The discrete-event clock: simulated time and an array-backed binary heap of pending events,
// ordered by (time, insertion sequence) so simultaneous events run in the order they were scheduled.
// Knows nothing of CDNs; no wall-clock time, no real timers, no randomness.

/** Something the clock calls when an event is due. One object serves many events (payload tells them apart). */
export interface EventHandler {
  fire(payload: number): void;
}

/** A handle packs a slot index and the slot's generation, so a stale handle never cancels a reused slot. */
const SLOT_BITS = 2 ** 24;
const MAX_GENERATION = 2 ** 28;

export class SimClock {
  /** simulated time, in seconds */
  now = 0;
  /** events fired so far */
  eventsFired = 0;

  private capacity: number;
  private size = 0;
  private nextSeq = 0;
  private heap: Int32Array;
  private slotTime: Float64Array;
  private slotSeq: Float64Array;
  private slotPayload: Float64Array;
  private slotGeneration: Uint32Array;
  private slotHeapPos: Int32Array;
  private slotHandler: (EventHandler | undefined)[];
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotsUsed = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.heap = new Int32Array(initialCapacity);
    this.slotTime = new Float64Array(initialCapacity);
    this.slotSeq = new Float64Array(initialCapacity);
    this.slotPayload = new Float64Array(initialCapacity);
    this.slotGeneration = new Uint32Array(initialCapacity);
    this.slotHeapPos = new Int32Array(initialCapacity).fill(-1);
    this.slotHandler = new Array<EventHandler | undefined>(initialCapacity).fill(undefined);
    this.freeSlots = new Int32Array(initialCapacity);
  }

  /** number of events waiting */
  get pending(): number {
    return this.size;
  }

  /** time of the next pending event, or Infinity */
  peekTime(): number {
    return this.size > 0 ? this.slotTime[this.heap[0]] : Infinity;
  }

  /** Schedule `handler.fire(payload)` at absolute simulated time `time` (≥ now). Returns a cancel handle. */
  scheduleAt(time: number, handler: EventHandler, payload = 0): number {
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule at t=${time}: it is before now (${this.now}) or not a number`);
    }
    const slot = this.allocateSlot();
    this.slotTime[slot] = time;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotPayload[slot] = payload;
    this.slotHandler[slot] = handler;
    const pos = this.size++;
    this.heap[pos] = slot;
    this.slotHeapPos[slot] = pos;
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
    if (slot >= this.slotsUsed || this.slotGeneration[slot] !== generation) return false;
    const pos = this.slotHeapPos[slot];
    if (pos < 0) return false;
    this.removeAt(pos);
    this.releaseSlot(slot);
    return true;
  }

  /** Fire the next event, if any. Returns false when nothing is pending. */
  step(): boolean {
    if (this.size === 0) return false;
    this.fireTop();
    return true;
  }

  /** Fire every event due at or before `time`, then set now = time. */
  runUntil(time: number): void {
    while (this.size > 0 && this.slotTime[this.heap[0]] <= time) this.fireTop();
    if (time > this.now) this.now = time;
  }

  /** Fire events until none is pending. */
  run(): void {
    while (this.size > 0) this.fireTop();
  }

  private fireTop(): void {
    const slot = this.heap[0];
    this.removeAt(0);
    this.now = this.slotTime[slot];
    const handler = this.slotHandler[slot] as EventHandler;
    const payload = this.slotPayload[slot];
    this.releaseSlot(slot);
    this.eventsFired++;
    handler.fire(payload);
  }

  private allocateSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotsUsed === this.capacity) this.grow();
    return this.slotsUsed++;
  }

  private releaseSlot(slot: number): void {
    this.slotHandler[slot] = undefined;
    this.slotHeapPos[slot] = -1;
    this.slotGeneration[slot] = (this.slotGeneration[slot] + 1) % MAX_GENERATION;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    if (capacity > SLOT_BITS) throw new RangeError(`more than ${SLOT_BITS} pending events`);
    const growF64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const heap = new Int32Array(capacity);
    heap.set(this.heap);
    this.heap = heap;
    this.slotTime = growF64(this.slotTime);
    this.slotSeq = growF64(this.slotSeq);
    this.slotPayload = growF64(this.slotPayload);
    const generation = new Uint32Array(capacity);
    generation.set(this.slotGeneration);
    this.slotGeneration = generation;
    const heapPos = new Int32Array(capacity).fill(-1);
    heapPos.set(this.slotHeapPos);
    this.slotHeapPos = heapPos;
    const free = new Int32Array(capacity);
    free.set(this.freeSlots);
    this.freeSlots = free;
    for (let i = this.capacity; i < capacity; i++) this.slotHandler.push(undefined);
    this.capacity = capacity;
  }

  private less(a: number, b: number): boolean {
    const ta = this.slotTime[a];
    const tb = this.slotTime[b];
    return ta < tb || (ta === tb && this.slotSeq[a] < this.slotSeq[b]);
  }

  private removeAt(pos: number): void {
    const last = --this.size;
    const removed = this.heap[pos];
    this.slotHeapPos[removed] = -1;
    if (pos === last) return;
    const moved = this.heap[last];
    this.heap[pos] = moved;
    this.slotHeapPos[moved] = pos;
    if (pos > 0 && this.less(moved, this.heap[(pos - 1) >> 1])) this.siftUp(pos);
    else this.siftDown(pos);
  }

  private siftUp(pos: number): void {
    const heap = this.heap;
    const slot = heap[pos];
    while (pos > 0) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos];
      if (!this.less(slot, parent)) break;
      heap[pos] = parent;
      this.slotHeapPos[parent] = pos;
      pos = parentPos;
    }
    heap[pos] = slot;
    this.slotHeapPos[slot] = pos;
  }

  private siftDown(pos: number): void {
    const heap = this.heap;
    const size = this.size;
    const slot = heap[pos];
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      if (child + 1 < size && this.less(heap[child + 1], heap[child])) child++;
      if (!this.less(heap[child], slot)) break;
      heap[pos] = heap[child];
      this.slotHeapPos[heap[pos]] = pos;
      pos = child;
    }
    heap[pos] = slot;
    this.slotHeapPos[slot] = pos;
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
