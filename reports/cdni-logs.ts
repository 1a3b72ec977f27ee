// The CDNI part of a run's outputs: report.json's `cdni` block (per arrangement the peer's metadata
// mode, the requests it delayed and refused per cause, the primary's reconciliation of its logs and
// whether it was found not enforcing the metadata) and, when the scenario asks (`measure.cdniLogs`),
// one RFC 7937 log file per peer, `logs/<peer>.log`: every log of it its primaries received (and
// reconciled), one cdni_http_request_v2 group per log, with #SHA256-hash. Pure functions of the run result; must not depend on cdn/,
// agents/ or scenarios/.
import { batchGroup } from '../cdni/logging/delivery-batch.js';
import { nameBasedUuidUrn, writeLogFile } from '../cdni/logging/log-file.js';
import type { CdniResult, SentLogRow } from './cdni-rows.js';

/** the folder of the log files in a run's output folder */
export const CDNI_LOG_FOLDER = 'logs';
/** the namespace of the log files' name-based UUIDs (so the same run writes the same files) */
const UUID_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** 6 decimals, as report.ts rounds */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** report.json's `cdni` block */
export function cdniBlock(cdni: CdniResult) {
  const total = { geo: 0, time: 0, tokenMissing: 0, tokenExpired: 0, tokenForged: 0 };
  for (const a of cdni.arrangements) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += a.refused[k];
  const flagged = cdni.arrangements.filter((a) => a.reconciliation?.notEnforcing === true);
  return {
    logFiles: cdni.logFiles ? peersWithLogs(cdni.sentLogs).map(logFileName) : [],
    refused: total,
    notEnforcingPeers: [...new Set(flagged.map((a) => a.peer))].sort(),
    arrangements: cdni.arrangements.map((a) => ({
      id: a.id,
      primary: a.primary,
      peer: a.peer,
      metadataMode: a.metadataMode,
      redirected: a.redirected,
      delayedRequests: a.delayedRequests,
      addedMs: round(a.addedMs),
      refused: { ...a.refused },
      reconciliation:
        a.reconciliation === null
          ? null
          : {
              ...a.reconciliation,
              reconciledBytes: Math.round(a.reconciliation.reconciledBytes),
              detectedAtS: a.reconciliation.detectedAtS === null ? null : round(a.reconciliation.detectedAtS),
            },
    })),
  };
}

function peersWithLogs(logs: readonly SentLogRow[]): string[] {
  return [...new Set(logs.map((l) => l.peer))].sort();
}

export const logFileName = (peer: string) => `${CDNI_LOG_FOLDER}/${peer}.log`;

/** one peer's log file: a group per log it sent, in order */
export function renderPeerLogFile(peer: string, logs: readonly SentLogRow[]): string {
  const mine = logs.filter((l) => l.peer === peer && l.records.length > 0);
  return writeLogFile(
    {
      uuid: nameBasedUuidUrn(UUID_NAMESPACE, `autopeer/${peer}`),
      claimedOrigin: `${peer.toLowerCase()}.example`,
      remarks: [`autopeer: the deliveries ${peer} reported, as its primaries received them, one group per delivery log`],
      groups: mine.map((l) => batchGroup(l.records)),
    },
    { verify: false },
  );
}

/** logs/<peer>.log for every peer that sent a log (none unless the scenario asked) */
export function renderCdniLogFiles(cdni: CdniResult | undefined): Record<string, string> {
  if (cdni === undefined || !cdni.logFiles) return {};
  return Object.fromEntries(peersWithLogs(cdni.sentLogs).map((peer) => [logFileName(peer), renderPeerLogFile(peer, cdni.sentLogs)]));
}
