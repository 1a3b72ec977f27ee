// The failover lines of report.md: per arrangement whose lane saw a failure, a bounce or a
// diversion, when the primary's health checks detected its peer down (and how long after the
// failure), the requests that failed before that, bounced, went to another peer or home. None when
// no arrangement has a failover block. Pure: from report.json's arrangement entries.
import type { arrangementEntries } from './report.js';

type Entry = ReturnType<typeof arrangementEntries>[number];
const minutes = (s: number | null) => (s === null ? '—' : (s / 60).toFixed(2));

/** a markdown table of the arrangements' failover blocks, or nothing */
export function failoverLines(arrangements: readonly Entry[], table: (header: string[], rows: (string | number)[][]) => string): string[] {
  const hit = arrangements.filter((a) => a.failover !== undefined);
  if (hit.length === 0) return [];
  const rows = hit.map((a) => {
    const f = a.failover!;
    const detections = f.detections.map((d) => `${d.region}: ${minutes(d.detectedAtS)} (${d.detectionS === null ? '—' : `${d.detectionS.toFixed(1)} s`})`);
    return [
      a.id,
      detections.join('; ') || '—',
      f.failedBeforeDetection,
      f.lostS.toFixed(0),
      `${f.bounced.siteFull} / ${f.bounced.acquisition}`,
      f.failedOverToPeer,
      f.sentHome,
    ];
  });
  return [
    '',
    'Failover (health checks; a failed request cost its user a 3 s connect timeout):',
    '',
    table(
      [
        'arrangement',
        'detected (min; after the failure)',
        'failed before detection',
        'time lost (s)',
        'bounced (site full / acquisition)',
        'to another peer',
        'sent home',
      ],
      rows,
    ),
  ];
}
