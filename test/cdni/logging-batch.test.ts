// The columnar delivery batch: growth and reuse, its log file text, and the file parsing back into an
// equal batch (fixed-seed property runs).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  BATCH_FIELDS,
  CACHED_UNKNOWN,
  DeliveryBatch,
  GROUP_UNKNOWN,
  OBJECT_UNKNOWN,
  SEQ_UNPARSABLE,
  SIGNING_UNKNOWN,
  batchFromLogFile,
  batchToLogFile,
  parseDeliveryUri,
} from '../../cdni/logging/delivery-batch.js';
import { parseLogFile, writeLogFile } from '../../cdni/logging/log-file.js';

const CONTEXT = { epochUtcS: 1_735_689_600, host: 'ucdn.example', groupNames: ['FR/IDF', 'US/TN/MEM', 'DE'] };
const HEADER = { uuid: 'urn:uuid:00000000-0000-4000-8000-000000000001', claimedOrigin: 'logs.peer.example' };

/** all columns of the first `length` records, as plain arrays */
function columns(b: DeliveryBatch): Record<string, number[]> {
  const cut = (a: ArrayLike<number>) => Array.from(a).slice(0, b.length);
  return {
    seq: cut(b.seq),
    object: cut(b.object),
    timeS: cut(b.timeS),
    timeTakenS: cut(b.timeTakenS),
    status: cut(b.status),
    bytes: cut(b.bytes),
    cached: cut(b.cached),
    groupId: cut(b.groupId),
    uriSigning: cut(b.uriSigning),
  };
}

describe('DeliveryBatch', () => {
  it('grows its typed arrays and keeps them on clear()', () => {
    const b = new DeliveryBatch(CONTEXT, 2);
    for (let i = 0; i < 9; i++) b.push(i, i * 10, i + 0.5, 0.25, 200, 1000 + i, i % 2, i % 3, 200);
    expect(b.length).toBe(9);
    expect(b.capacity).toBe(16);
    expect(columns(b).object).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    const storage = b.seq;
    b.clear();
    expect(b.length).toBe(0);
    expect(b.seq).toBe(storage);
    b.push(42, 1, 1, 1, 404, 10, 0, 0, 0);
    expect(columns(b).seq).toEqual([42]);
  });

  it('refuses group names that cannot be a c-groupid', () => {
    expect(() => new DeliveryBatch({ ...CONTEXT, groupNames: ['FR\tIDF'] })).toThrow(/groupNames\[0\]/);
    expect(() => new DeliveryBatch({ ...CONTEXT, groupNames: ['-'] })).toThrow(/not a valid c-groupid/);
  });

  it('writes one cdni_http_request_v2 record per delivery, dates in UTC from the epoch, the rid convention in u-uri', () => {
    const b = new DeliveryBatch(CONTEXT);
    b.push(17, 3, 36_001.25, 0.412, 200, 1_843_200, 1, 0, 200);
    b.push(18, 4, 86_400 + 0.001, 0.02, 403, 312, 0, 1, 404);
    b.push(19, 5, 5, Number.NaN, 0, Number.NaN, CACHED_UNKNOWN, GROUP_UNKNOWN, SIGNING_UNKNOWN);
    const text = batchToLogFile(b, HEADER);
    const recordLines = text.split('\r\n').filter((l) => !l.startsWith('#') && l !== '');
    expect(text).toContain(`#record-type:\tcdni_http_request_v2\r\n#fields:\t${BATCH_FIELDS.join('\t')}\r\n`);
    expect(recordLines).toEqual([
      '2025-01-01\t10:00:01.250\t0.412\tFR/IDF\tGET\thttps://ucdn.example/o/3?rid=17\tHTTP/1.1\t200\t1843200\t1\t200\t-',
      '2025-01-02\t00:00:00.001\t0.020\tUS/TN/MEM\tGET\thttps://ucdn.example/o/4?rid=18\tHTTP/1.1\t403\t312\t0\t404\t"Signed JWT verification performed and rejected because of Expiration Time enforcement"',
      '2025-01-01\t00:00:05.000\t-\t-\tGET\thttps://ucdn.example/o/5?rid=19\tHTTP/1.1\t-\t-\t-\t-\t-',
    ]);
    expect(columns(batchFromLogFile(parseLogFile(text, 'w'), CONTEXT))).toEqual(columns(b));
    expect(batchToLogFile(b, HEADER, { verify: false })).toBe(text);
  });

  it('property (fixed seed): a written batch parses back into an equal batch', () => {
    const record = fc.tuple(
      fc.nat({ max: 10_000_000 }),
      fc.nat({ max: 100_000 }),
      fc.nat({ max: 7 * 86_400_000 }).map((ms) => ms / 1000),
      fc.nat({ max: 600_000 }).map((ms) => ms / 1000),
      fc.constantFrom(200, 206, 304, 403, 404, 503),
      fc.nat({ max: 2 ** 40 }),
      fc.constantFrom(0, 1),
      fc.nat({ max: 2 }),
      fc.constantFrom(0, 200, 400, 404, 411, 500),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 300 }), (rows) => {
        const b = new DeliveryBatch(CONTEXT, 1);
        for (const r of rows) b.push(...r);
        const back = batchFromLogFile(parseLogFile(batchToLogFile(b, HEADER), 'peer.log'), CONTEXT);
        expect(columns(back)).toEqual(columns(b));
      }),
      { seed: 20_251_201, numRuns: 60 },
    );
  });

  it('reads back into a reused batch, appending', () => {
    const b = new DeliveryBatch(CONTEXT);
    b.push(1, 1, 1, 1, 200, 1, 1, 1, 200);
    const into = new DeliveryBatch(CONTEXT);
    into.push(0, 0, 0, 0, 200, 0, 0, 0, 0);
    batchFromLogFile(parseLogFile(batchToLogFile(b, HEADER), 'f'), CONTEXT, into);
    expect(columns(into).seq).toEqual([0, 1]);
  });

  it('refuses a file the uCDN must ignore', () => {
    const bad = batchToLogFile(new DeliveryBatch(CONTEXT), HEADER).replace('cdni/1.0', 'cdni/9.9');
    expect(() => batchFromLogFile(parseLogFile(bad, 'peer.log'), CONTEXT)).toThrow(/^peer.log:1: #version: expected cdni\/1.0, found "cdni\/9.9"/m);
  });
});

describe('the rid convention', () => {
  it('reads seq and object; anything off-convention is SEQ_UNPARSABLE', () => {
    const h = 'ucdn.example';
    expect(parseDeliveryUri('https://ucdn.example/o/12?rid=345', h)).toEqual([345, 12]);
    expect(parseDeliveryUri('https://ucdn.example/o/12?rid=0', h)).toEqual([0, 12]);
    for (const uri of [
      'https://ucdn.example/o/12',
      'https://ucdn.example/o/12?rid=',
      'https://ucdn.example/o/12?rid=007',
      'https://ucdn.example/o/12?rid=-1',
      'https://ucdn.example/o/12?rid=1e3',
      'https://ucdn.example/o/12?rid=99999999999999999',
    ]) {
      expect(parseDeliveryUri(uri, h)[0], uri).toBe(SEQ_UNPARSABLE);
    }
    expect(parseDeliveryUri('https://other.example/o/12?rid=3', h)).toEqual([SEQ_UNPARSABLE, OBJECT_UNKNOWN]);
    expect(parseDeliveryUri(null, h)).toEqual([SEQ_UNPARSABLE, OBJECT_UNKNOWN]);
  });

  it('a v1 file (no URI-signing fields) and unknown group names read back as unknown', () => {
    const fields = BATCH_FIELDS.slice(0, 10);
    const rec = ['2025-01-01', '00:00:01', '1', 'XX/unknown', 'GET', 'https://ucdn.example/o/2?rid=9', 'HTTP/1.1', '200', '10', '1'];
    const text = writeLogFile({ uuid: HEADER.uuid, groups: [{ recordType: 'cdni_http_request_v1', fields, records: [rec] }] });
    const b = batchFromLogFile(parseLogFile(text, 'v1'), CONTEXT);
    expect(columns(b)).toEqual({
      seq: [9],
      object: [2],
      timeS: [1],
      timeTakenS: [1],
      status: [200],
      bytes: [10],
      cached: [1],
      groupId: [GROUP_UNKNOWN],
      uriSigning: [SIGNING_UNKNOWN],
    });
  });
});
