// The disband hold: a condition counts only after holding without a break for the hold time, so a
// load that oscillates around the threshold never disbands (no flapping).
import { describe, it, expect } from 'vitest';
import { HoldTimer } from '../../agents/primary/hold.js';

describe('HoldTimer', () => {
  it('fires once the condition has held for the whole hold time', () => {
    const hold = new HoldTimer(300);
    const fired = [0, 100, 200, 299, 300, 305].map((t) => hold.update(true, t));
    expect(fired).toEqual([false, false, false, false, true, true]);
  });

  it('never fires while the condition oscillates faster than the hold time (no flapping)', () => {
    const hold = new HoldTimer(300);
    for (let t = 0; t < 3600; t += 5) expect(hold.update(Math.floor(t / 120) % 2 === 0, t)).toBe(false);
  });

  it('a single false reading restarts the wait', () => {
    const hold = new HoldTimer(60);
    expect(hold.update(true, 0)).toBe(false);
    expect(hold.update(false, 55)).toBe(false);
    expect(hold.update(true, 60)).toBe(false);
    expect(hold.update(true, 119)).toBe(false);
    expect(hold.update(true, 120)).toBe(true);
  });
});
