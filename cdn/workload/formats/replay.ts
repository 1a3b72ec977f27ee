// Trace formats: exact request replay, one request a line `arrival[,service]` in seconds, into a
// caller's record. The parser returns a boolean; the reason a line is malformed is told apart only
// on request (replayLineError). Pure; must not depend on node:fs or anything outside this folder.
import { decimalAt, skipBlanks, trimEnd } from './fields.js';

export interface ReplayRecord {
  arrivalS: number;
  serviceS: number /* NaN when the file has no service column */;
}

const OK = 0;
const REASONS = [
  '',
  'an empty line',
  'more than two fields (arrival,service)',
  'the arrival is not a non-negative finite number of seconds',
  'the service time is not a positive finite number of seconds',
];

function readReplay(line: string, out: ReplayRecord): number {
  const end = line.length;
  const start = skipBlanks(line, 0, end);
  if (start === end) return 1;
  const comma = line.indexOf(',', start);
  const arrivalEnd = comma < 0 ? end : comma;
  const arrivalS = decimalAt(line, start, trimEnd(line, start, arrivalEnd));
  if (!Number.isFinite(arrivalS)) return 3;
  let serviceS = NaN;
  if (comma >= 0) {
    if (line.indexOf(',', comma + 1) >= 0) return 2;
    const serviceStart = skipBlanks(line, comma + 1, end);
    serviceS = decimalAt(line, serviceStart, trimEnd(line, serviceStart, end));
    if (!Number.isFinite(serviceS) || serviceS <= 0) return 4;
  }
  out.arrivalS = arrivalS;
  out.serviceS = serviceS;
  return OK;
}

/** a line `arrival[,service]` in seconds (arrival ≥ 0, service > 0, finite); false if malformed */
export function parseReplayLine(line: string, out: ReplayRecord): boolean {
  return readReplay(line, out) === OK;
}

const scratch: ReplayRecord = { arrivalS: 0, serviceS: NaN };

/** why a line is not a replay line, or null if it is one */
export function replayLineError(line: string): string | null {
  const reason = readReplay(line, scratch);
  return reason === OK ? null : REASONS[reason];
}

/** a header such as `arrival` or `arrival,service`: one or two fields, the first neither empty nor a number */
export function isReplayHeader(line: string): boolean {
  const end = line.length;
  const comma = line.indexOf(',');
  if (comma >= 0 && line.indexOf(',', comma + 1) >= 0) return false;
  const start = skipBlanks(line, 0, end);
  const firstEnd = trimEnd(line, start, comma < 0 ? end : comma);
  return firstEnd > start && Number.isNaN(decimalAt(line, start, firstEnd));
}
