// The story of a run's arrangements, for its page: one paragraph per arrangement (who detected what
// when, whom it asked, when they agreed and it went live, how its capacity moved, how and why it
// ended on each side, what it served and cost), a table of the same, and the negotiations' tally;
// or, with none, why there was none.
import type { ArrangementRow, RunResult } from '../run-result.js';
import { negotiationSummary, peeringStatus } from '../report.js';
import { peeringPhrase } from '../markdown.js';
import { arrangementLabel } from '../chart-peering.js';
import { markup, type SafeHtml } from './escape.js';
import { bytes, clock, duration, num, usd } from './format.js';

const at = (s: number) => markup`<time>${clock(s)}</time>`;

function agreement(a: ArrangementRow): SafeHtml {
  if (a.origin === 'contract') return markup`A contract signed before the run: ${a.primary} and ${a.peer} held it from ${at(a.agreedAtS)}`;
  const asked = a.requestedAtS > a.detectedAtS ? markup`, asked ${a.peer} at ${at(a.requestedAtS)}` : markup` and asked ${a.peer} at once`;
  return markup`${a.primary} detected an overload at ${at(a.detectedAtS)}${asked}; they agreed at ${at(a.agreedAtS)}, ${duration(a.agreedAtS - a.detectedAtS)} after detection`;
}

function terms(a: ArrangementRow): SafeHtml {
  const regions = a.regions.length ? markup` for ${a.regions.join(', ')}` : '';
  return markup`${a.term} term${regions}, ${num(a.pricePerGB, 4)} USD/GB and ${num(a.reservationPerRpsHour, 4)} USD per reserved request/s-hour, SLA p95 ≤ ${num(a.p95TargetMs)} ms, ${a.replication} replication`;
}

function liveness(a: ArrangementRow): SafeHtml {
  if (a.activeAtS === null) return markup`It never became active (the peer did not finish provisioning).`;
  const redirect =
    a.firstRedirectAtS === null ? markup`; no request was redirected to it` : markup`, its first redirected request at ${at(a.firstRedirectAtS)}`;
  return markup`Active from ${at(a.activeAtS)}${redirect}.`;
}

function capacity(a: ArrangementRow): SafeHtml {
  const moves = a.changes.length
    ? markup` over ${a.changes.length} change${a.changes.length === 1 ? '' : 's'} (${a.resizes} resize${a.resizes === 1 ? '' : 's'}, ${a.extensions} extension${a.extensions === 1 ? '' : 's'})`
    : markup`, never resized`;
  return markup`Capacity ${num(a.capacityRps, 0)} requests/s at first, ${num(a.peakCapacityRps, 0)} at its peak, ${num(a.finalCapacityRps, 0)} at the end${moves}.`;
}

function ending(a: ArrangementRow): SafeHtml {
  const primary = a.endedAtS === null ? markup`Still ${a.state} at the end of the run` : markup`Ended at ${at(a.endedAtS)} (${a.endReason ?? a.state})`;
  const p = a.peerSide;
  const peer =
    p === null
      ? markup`; ${a.peer} never committed capacity`
      : p.endedAtS === null
        ? markup`; ${a.peer} still held its side (${p.state}) at the end`
        : markup`; ${a.peer} released its capacity at ${at(p.endedAtS)} (${p.endReason ?? p.state})`;
  return markup`${primary}${peer}.`;
}

function outcome(a: ArrangementRow): SafeHtml {
  const sla = a.slaViolations ? markup`<span class="bad">${a.slaViolations} SLA violation${a.slaViolations === 1 ? '' : 's'}</span>` : markup`no SLA violation`;
  const delivered = a.deliveredLatencyMs === null ? '' : markup`, delivered p95 ${num(a.deliveredLatencyMs, 1)} ms`;
  const predicted = a.predictedLatencyMs === null ? '' : markup` (predicted ${num(a.predictedLatencyMs, 1)} ms by ${a.predictor})`;
  return markup`Served ${num(a.servedRequests, 0)} requests (${bytes(a.bytes)})${delivered}${predicted}; fees ${usd(a.fees)}, penalties ${usd(a.penalties)}; ${sla}.`;
}

function storyItem(a: ArrangementRow): SafeHtml {
  return markup`<li><strong>${arrangementLabel(a)}</strong>, ${terms(a)}. ${agreement(a)}. ${liveness(a)} ${capacity(a)} ${ending(a)} ${outcome(a)}</li>
`;
}

function table(result: RunResult): SafeHtml {
  const rows = result.control.arrangements.map(
    (a) =>
      markup`<tr>
        <td>${arrangementLabel(a)}</td>
        <td>${a.endReason ?? a.state}</td>
        <td class="num">${clock(a.detectedAtS)}</td>
        <td class="num">${clock(a.agreedAtS)}</td>
        <td class="num">${a.activeAtS === null ? '—' : clock(a.activeAtS)}</td>
        <td class="num">${a.endedAtS === null ? '—' : clock(a.endedAtS)}</td>
        <td class="num">${num(a.capacityRps, 0)} / ${num(a.peakCapacityRps, 0)} / ${num(a.finalCapacityRps, 0)}</td>
        <td class="num">${num(a.pricePerGB, 4)}</td>
        <td class="num">${num(a.servedRequests, 0)}</td>
        <td class="num">${a.slaViolations}</td>
        <td class="num">${num(a.fees, 2)}</td>
      </tr>
`,
  );
  return markup`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th>arrangement</th>
          <th>end</th>
          <th class="num">detected</th>
          <th class="num">agreed</th>
          <th class="num">active</th>
          <th class="num">ended</th>
          <th class="num">capacity req/s (first / peak / last)</th>
          <th class="num">USD/GB</th>
          <th class="num">served</th>
          <th class="num">SLA violations</th>
          <th class="num">fees USD</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>
`;
}

/** "6 negotiations: 3 agreed, 3 rejected (3 504-out-of-capacity), …" */
export function negotiationsLine(result: RunResult): SafeHtml {
  const n = negotiationSummary(result);
  if (n.started === 0) return markup`<p>No negotiation was started.</p>`;
  const causes = Object.entries(n.causes).map(([cause, count]) => `${count} ${cause}`);
  const meanAgreement = n.meanTimeToAgreementS === null ? '' : markup` Mean time from request to agreement ${duration(n.meanTimeToAgreementS)}.`;
  const open = n.open ? `, ${n.open} open at the end` : '';
  const why = causes.length ? ` (causes: ${causes.join(', ')})` : '';
  return markup`<p>${n.started} negotiation${n.started === 1 ? '' : 's'}: ${n.agreed} agreed, ${n.rejected} rejected, ${n.failed} failed${open}${why}; ${n.messages} control messages.${meanAgreement}</p>
`;
}

/** the story, in time order of agreement (as the run recorded them); why there is none when there is none */
export function arrangementStory(result: RunResult): SafeHtml {
  const arrangements = result.control.arrangements;
  if (arrangements.length === 0) {
    const status = peeringStatus(result);
    const why = !status.enabled
      ? 'Peering is disabled in this scenario.'
      : !status.seeks
        ? `No primary could seek a peer: ${peeringPhrase(result).replace(/`/g, '')}.`
        : negotiationSummary(result).started === 0
          ? 'No primary sought a peer: no negotiation was started.'
          : 'No negotiation ended in an agreement.';
    return markup`<p>No arrangement was made. ${why}</p>
${result.control.enabled ? negotiationsLine(result) : ''}`;
  }
  return markup`<p>Times are simulated minutes and seconds from the start (m:ss).</p>
${negotiationsLine(result)}<ol class="story">
${arrangements.map(storyItem)}</ol>
${table(result)}`;
}
