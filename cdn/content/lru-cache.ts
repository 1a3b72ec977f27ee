// A byte-sized LRU cache over catalog object indices: an intrusive doubly linked list in typed
// arrays, O(1) per lookup, insert and eviction, no allocation after construction.
// Must not depend on agents, policies or reports.

const NONE = -1;

export class LruCache {
  readonly capacityBytes: number;
  usedBytes = 0;
  hits = 0;
  misses = 0;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly present: Uint8Array;
  private head = NONE; // most recently used
  private tail = NONE; // least recently used

  constructor(
    capacityBytes: number,
    objects: number,
    private readonly sizeBytes: Float64Array,
  ) {
    this.capacityBytes = capacityBytes;
    this.prev = new Int32Array(objects).fill(NONE);
    this.next = new Int32Array(objects).fill(NONE);
    this.present = new Uint8Array(objects);
  }

  /** Look an object up: a hit moves it to the front; a miss inserts it (evicting LRU objects). */
  access(object: number): boolean {
    if (this.present[object] === 1) {
      this.hits++;
      if (this.head !== object) {
        this.unlink(object);
        this.pushFront(object);
      }
      return true;
    }
    this.misses++;
    this.insert(object);
    return false;
  }

  /** the last lookup's hit turned out a miss (a stale copy revalidated) */
  recountAsMiss(): void {
    this.hits--;
    this.misses++;
  }

  /** whether the object is cached (does not touch recency) */
  has(object: number): boolean {
    return this.present[object] === 1;
  }

  /** Insert an object without counting a lookup (pre-positioning). Objects larger than the cache are not kept. */
  insert(object: number): void {
    const size = this.sizeBytes[object];
    if (this.present[object] === 1 || size > this.capacityBytes) return;
    while (this.usedBytes + size > this.capacityBytes) this.evict(this.tail);
    this.present[object] = 1;
    this.usedBytes += size;
    this.pushFront(object);
  }

  /** Remove an object (purge). */
  evict(object: number): void {
    if (this.present[object] !== 1) return;
    this.unlink(object);
    this.present[object] = 0;
    this.usedBytes -= this.sizeBytes[object];
  }

  private pushFront(object: number): void {
    this.prev[object] = NONE;
    this.next[object] = this.head;
    if (this.head !== NONE) this.prev[this.head] = object;
    this.head = object;
    if (this.tail === NONE) this.tail = object;
  }

  private unlink(object: number): void {
    const p = this.prev[object];
    const n = this.next[object];
    if (p !== NONE) this.next[p] = n;
    else this.head = n;
    if (n !== NONE) this.prev[n] = p;
    else this.tail = p;
    this.prev[object] = NONE;
    this.next[object] = NONE;
  }
}
