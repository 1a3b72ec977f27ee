// CDNI log files end to end through the CLI: with `--cdni-logs` (or `measure.cdniLogs: true`) the run
// folder holds logs/<peer>.log, one RFC 7937 file per peer with its directives and a valid
// #SHA256-hash; each parses back with cdni/logging into exactly the records the report says were
// reconciled (per arrangement: one group per delivery log, seqs under the rid convention); without
// the switch there are no log files; a run too large to keep its records is refused at load (exit 2);
// and hostile metadata fields are refused with the field's path.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers.js';
import { parseLogFile } from '../../cdni/logging/log-file.js';
import { batchFromLogFile, SEQ_UNPARSABLE } from '../../cdni/logging/delivery-batch.js';
import { LOG_EPOCH_UTC_S, laneHost } from '../../cdn/metadata/enforcement.js';
import { inputErrorOf } from '../input/errors.js';
import { loadScenario } from '../../scenarios/load.js';

const SHORT = ['--set', 'duration=3m', '--quiet', '--no-charts'];
const REGIONS = ['west', 'central', 'east'];

describe('autopeer run --cdni-logs', () => {
  const dir = tempDir();
  const on = cli('run', 'geo-blocking', '--out', join(dir, 'on'), ...SHORT, '--cdni-logs');
  const off = cli('run', 'geo-blocking', '--out', join(dir, 'off'), ...SHORT, '--set', 'measure.cdniLogs=false');
  const report = JSON.parse(readFileSync(join(dir, 'on', 'report.json'), 'utf8'));

  it('writes one log file per peer; none without the switch', () => {
    expect([on.code, off.code]).toEqual([0, 0]);
    expect(report.cdni.logFiles).toEqual(['logs/beta.log', 'logs/gamma.log']);
    expect(existsSync(join(dir, 'off', 'logs'))).toBe(false);
    const offReport = JSON.parse(readFileSync(join(dir, 'off', 'report.json'), 'utf8'));
    expect(offReport.cdni.logFiles).toEqual([]);
  });

  for (const peer of ['beta', 'gamma']) {
    it(`logs/${peer}.log parses back (hash verified) into the records the report reconciled`, () => {
      const text = readFileSync(join(dir, 'on', 'logs', `${peer}.log`));
      const parsed = parseLogFile(text, `${peer}.log`);
      expect(parsed.accepted).toBe(true);
      expect(parsed.issues).toEqual([]);
      expect(text.toString('utf8').split('\r\n')[0]).toBe('#version:\tcdni/1.0');
      expect(text.toString('utf8')).toMatch(/#SHA256-hash:\t[0-9a-f]{64}\r\n$/);
      const mine = report.cdni.arrangements.filter((a: { peer: string }) => a.peer === peer);
      for (const a of mine) {
        const host = laneHost(a.id, a.primary);
        const groups = parsed.groups.filter((g) => g.records.length > 0 && g.records[0].values[5]?.startsWith(`https://${host}/`));
        const batch = batchFromLogFile({ ...parsed, groups }, { epochUtcS: LOG_EPOCH_UTC_S, host, groupNames: REGIONS });
        const r = a.reconciliation;
        expect(batch.length).toBe(r === null ? 0 : r.reported);
        if (r === null) continue;
        expect(groups.length).toBeLessThanOrEqual(r.logs);
        const seqs = Array.from(batch.seq.subarray(0, batch.length));
        expect(seqs.includes(SEQ_UNPARSABLE)).toBe(false);
        const beyond = seqs.filter((s) => s >= a.redirected).length;
        expect(beyond).toBe(r.spoofed);
        const served = Array.from(batch.status.subarray(0, batch.length)).filter((s) => s === 200).length;
        expect(served).toBe(r.reconciledServed + r.deliveredWithBadToken + r.deliveredIntoBlockedRegion + r.duplicated + r.spoofed - overlap(r));
      }
    });
  }

  it('a run too large to keep its CDNI records is refused before it starts', () => {
    const big = cli('run', 'geo-blocking', '--out', join(dir, 'big'), '--quiet', '--cdni-logs', '--max-request-log-rows', '1000');
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/measure\.cdniLogs/);
    expect(existsSync(join(dir, 'big'))).toBe(false);
  });

  it("a misbehaving peer's made-up records count against the same budget", () => {
    const spoof = ['--set', 'cdns.gamma.misbehaviour.spoofRecords=10000', '--quiet', '--cdni-logs'];
    const refused = cli('run', 'geo-blocking', '--out', join(dir, 'spoof'), ...spoof);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/made-up records/);
    expect(cli('run', 'geo-blocking', '--dry-run', '--set', 'cdns.gamma.misbehaviour.spoofRecords=10000', '--set', 'measure.cdniLogs=false').code).toBe(0);
  });
});

/** records counted both as a bad token and a blocked region (reconcile counts such a record under both) */
function overlap(r: { matched: number; notServed: number; reconciledServed: number; deliveredWithBadToken: number; deliveredIntoBlockedRegion: number }) {
  return r.deliveredWithBadToken + r.deliveredIntoBlockedRegion - (r.matched - r.notServed - r.reconciledServed);
}

describe('hostile CDNI metadata in a scenario file', () => {
  const base = readFileSync(join(import.meta.dirname, '../../scenarios/geo-blocking.yaml'), 'utf8');
  const load = (from: string, to: string) => {
    const file = join(tempDir(), 'bad.yaml');
    expect(base.includes(from)).toBe(true);
    writeFileSync(file, base.replace(from, to));
    return inputErrorOf(() => loadScenario(file)).message;
  };

  it('token shares summing past 1', () => expect(load('missing: 0.01, expired: 0.02', 'missing: 0.6, expired: 0.5')).toMatch(/workload\[0\]\.tokens/));
  it('a time window ending before it starts', () => expect(load('{ start: 4m, end: 5m }', '{ start: 5m, end: 4m }')).toMatch(/end/));
  it('an unknown region in a location rule', () =>
    expect(load('regions: [west, central]', 'regions: [west, centrl]')).toMatch(/metadata\.locations\[0\]\.regions\[1\]/));
  it('an unknown metadata mode', () => expect(load('metadataMode: on-the-fly', 'metadataMode: lazy')).toMatch(/metadataMode/));
  it('a negative spoof count', () => expect(load('spoofRecords: 20', 'spoofRecords: -1')).toMatch(/spoofRecords/));
  it('an unknown misbehaviour field', () => expect(load('ignoreMetadata: true', 'ignoreMetadta: true')).toMatch(/misbehaviour/));
});
