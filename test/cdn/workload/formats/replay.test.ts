import { describe, expect, it } from 'vitest';
import { isReplayHeader, parseReplayLine, replayLineError, type ReplayRecord } from '../../../../cdn/workload/formats/replay.js';

describe('parseReplayLine: `arrival[,service]` in seconds', () => {
  it('reads an arrival with a service time, and an arrival alone (service NaN)', () => {
    const out: ReplayRecord = { arrivalS: -1, serviceS: -1 };
    expect(parseReplayLine('0.25,0.0125', out)).toBe(true);
    expect(out).toEqual({ arrivalS: 0.25, serviceS: 0.0125 });
    expect(parseReplayLine(' 3 ', out)).toBe(true);
    expect(out.arrivalS).toBe(3);
    expect(out.serviceS).toBeNaN();
    expect(parseReplayLine('0, 5e-05', out)).toBe(true);
    expect(out).toEqual({ arrivalS: 0, serviceS: 5e-5 });
  });

  it.each([
    ['', 'an empty line'],
    ['   ', 'an empty line'],
    ['-1', 'the arrival is not a non-negative finite number of seconds'],
    ['NaN', 'the arrival is not a non-negative finite number of seconds'],
    ['1e309', 'the arrival is not a non-negative finite number of seconds'],
    ['0x10', 'the arrival is not a non-negative finite number of seconds'],
    ['garbage', 'the arrival is not a non-negative finite number of seconds'],
    ['1\u0000', 'the arrival is not a non-negative finite number of seconds'],
    [',1', 'the arrival is not a non-negative finite number of seconds'],
    ['1,0', 'the service time is not a positive finite number of seconds'],
    ['1,-0.5', 'the service time is not a positive finite number of seconds'],
    ['1,', 'the service time is not a positive finite number of seconds'],
    ['1,1e309', 'the service time is not a positive finite number of seconds'],
    ['1,2,3', 'more than two fields (arrival,service)'],
  ])('%j is malformed: %s', (line, reason) => {
    expect(parseReplayLine(line, { arrivalS: 0, serviceS: 0 })).toBe(false);
    expect(replayLineError(line)).toBe(reason);
  });

  it('headers are one or two fields whose first is not a number', () => {
    expect(isReplayHeader('arrival')).toBe(true);
    expect(isReplayHeader('arrival,service')).toBe(true);
    expect(isReplayHeader('1,2')).toBe(false);
    expect(isReplayHeader('')).toBe(false);
    expect(isReplayHeader('a,b,c')).toBe(false);
  });
});
