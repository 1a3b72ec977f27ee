// The scenario file's clock fields: a time of day ("20:00", "06:30:15"), a region's UTC offset
// ("+2h", "-5h"), and a workload event's start — a duration from the beginning of the run or a
// local clock time, resolved to the first time at or after the start of the run that the region's
// clock shows it. Must not depend on cdn/ (or anything of the simulator): zod and ../input/units only.
import { z } from 'zod';
import { DURATION_EXPECTED, readDuration } from '../input/units.js';

const CLOCK_EXPECTED = 'a clock time like 20:00 or 06:30';
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
/** "HH:MM[:SS]" ⇒ seconds after midnight, or null */
export function readClockTime(text: unknown): number | null {
  const m = typeof text === 'string' ? CLOCK.exec(text.trim()) : null;
  return m === null ? null : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}
export const clockTime = () =>
  z
    .string({ error: CLOCK_EXPECTED })
    .describe(CLOCK_EXPECTED)
    .transform((text, ctx) => {
      const s = readClockTime(text);
      if (s === null) ctx.addIssue({ code: 'custom', message: CLOCK_EXPECTED });
      return s ?? z.NEVER;
    });

const OFFSET_EXPECTED = 'a UTC offset like +2h, -5h, +5h30m or 0 (within ±14h)';
/** a signed offset from UTC (seconds) */
/** an offset's size: one duration (`2h`, `90m`, `0`) or hours then minutes (`5h30m`, as India's; `5h45m`, as Nepal's); null: neither */
function offsetSeconds(text: string): number | null {
  if (!/^\d/.test(text)) return null; // one sign only: `+-1h` and `--5h` are no offsets
  const parts = /^(\d+h)(\d+m)$/.exec(text);
  const results = parts === null ? [readDuration(text)] : [readDuration(parts[1]), readDuration(parts[2])];
  let seconds = 0;
  for (const r of results) {
    if (!r.ok) return null;
    seconds += r.value;
  }
  return seconds;
}

export const utcOffset = () =>
  z
    .union([z.number(), z.string()], { error: OFFSET_EXPECTED })
    .describe(OFFSET_EXPECTED)
    .transform((input, ctx) => {
      const text = typeof input === 'number' ? String(input) : input.trim();
      const sign = text.startsWith('-') ? -1 : 1;
      const seconds = offsetSeconds(text.replace(/^[+-]/, ''));
      if (seconds === null || seconds > 14 * 3600) {
        ctx.addIssue({ code: 'custom', message: OFFSET_EXPECTED });
        return z.NEVER;
      }
      return sign * seconds;
    });

/** a start: a duration from the beginning of the run, or a local clock time (the first time the region's clock shows it) */
const START_EXPECTED = `${DURATION_EXPECTED}, or a local clock time like 20:00`;
export const eventStart = () =>
  z
    .union([z.number(), z.string()], { error: START_EXPECTED })
    .describe(START_EXPECTED)
    .transform((input, ctx): { atS: number } | { clockS: number } => {
      const clock = readClockTime(input);
      if (clock !== null) return { clockS: clock };
      const result = readDuration(input);
      if (result.ok && result.value >= 0) return { atS: result.value };
      ctx.addIssue({ code: 'custom', message: START_EXPECTED });
      return z.NEVER;
    });
export type EventStart = z.output<ReturnType<typeof eventStart>>;

/** a start as seconds from the beginning of the run: a local clock time is its first time at or after 0 */
export function startS(start: EventStart, localStartS: number): number {
  return 'atS' in start ? start.atS : (((start.clockS - localStartS) % 86400) + 86400) % 86400;
}
