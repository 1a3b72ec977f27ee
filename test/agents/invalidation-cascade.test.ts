// A content change invalidated down a cascade with the real agents: alpha (the content provider's
// CDN, told by the origin) sends its invalidate to beta, a transit (a peer the origin does not tell)
// which passes alpha's crowd on to gamma under its own contract; beta relays the command to gamma with
// cdn-path [alpha, beta] after it reached beta, and alpha's command is complete only after gamma's is.
// report.json's `cascades.control` counts it. With half the control messages lost every command
// still ends (complete or given up), and none is ever sent to a CDN on its path. If beta's agent
// is down at the change, alpha's resends reach it once it is back (relayed once), or alpha gives up.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/report.js';
import type { ControlPlaneOptions } from '../../agents/control-plane.js';
import { runDocument, transitDocument } from './transit-world.js';

const CHANGE_AT_S = 900;
const DOC = transitDocument('transit-invalidation', {
  doc: { content: { changes: [{ at: `${CHANGE_AT_S}s`, objects: { ranks: [0, 199] }, signal: 'invalidate' }] } },
});

const run = (control: ControlPlaneOptions) => runDocument(DOC, control);

type Line = { tS: number; kind: string; body?: Record<string, unknown>; [k: string]: unknown };
const commands = (trace: Line[], event: string) => trace.filter((t) => t.kind === 'message' && t.type === 'trigger.invalidate' && t.event === event);

describe('an invalidate travels down a cascade with its cdn-path (RFC 8007 §4.6)', () => {
  const { result, controlPlane } = run({ trace: true });
  const trace = (controlPlane?.trace ?? []) as Line[];

  it('beta relays alpha’s command to gamma after it reached beta, with cdn-path [alpha, beta]', () => {
    expect(result.cascades.servedByHops[2]).toBeGreaterThan(0);
    const delivered = commands(trace, 'delivered');
    expect(delivered.map((t) => `${t.from}>${t.to}`)).toEqual(['alpha>beta', 'beta>gamma']);
    const sent = commands(trace, 'sent');
    const relay = sent.find((t) => t.from === 'beta');
    expect(relay?.tS).toBe(delivered[0].tS);
    expect(relay?.body?.cdnPath).toEqual(['alpha', 'beta']);
    expect(sent.find((t) => t.from === 'alpha')?.body?.cdnPath).toEqual(['alpha']);
  });

  it('alpha’s command is complete only after gamma’s; every command acknowledged; the report counts the relay', () => {
    const complete = (from: string) =>
      trace.find((t) => t.kind === 'message' && t.type === 'trigger.status' && t.from === from && t.event === 'delivered' && t.body?.status === 'complete')
        ?.tS ?? NaN;
    expect(complete('beta')).toBeGreaterThan(complete('gamma'));
    for (const a of result.control.arrangements) expect(a.content?.invalidations).toMatchObject({ sent: 1, acked: 1, failed: 0 });
    const report = buildReport(result);
    expect(report.cascades.control?.invalidations).toEqual({ originated: 1, relayed: 1, loopsAvoided: 0, rejected: 0, downstreamFailed: 0 });
  });
});

describe('half the control messages lost', () => {
  it('every command ends (complete or given up), none is sent to a CDN on its path; conservation holds', () => {
    const { result } = run({ lossRate: 0.5 });
    for (const a of result.control.arrangements) {
      const c = a.content?.invalidations;
      if (c && c.sent > 0) expect(c.acked + c.failed).toBe(c.sent);
    }
    expect(result.cascades.control?.invalidations.loopsAvoided).toBe(0);
    const r = result.requests;
    expect(r.served + r.rejected + r.failed + r.inFlightAtEnd).toBe(r.arrived);
  });
});

describe('the transit’s agent crashes around the change', () => {
  const crash = (forS: number) =>
    runDocument({ ...DOC, faults: [{ type: 'agent-crash', at: `${CHANGE_AT_S - 1}s`, cdn: 'beta', for: `${forS}s` }] }, { trace: true });
  const relays = (trace: Line[]) => commands(trace, 'delivered').filter((t) => t.from === 'beta' && t.to === 'gamma');

  it('back within alpha’s resends: the command gets through on a resend, is relayed once, and ends complete', () => {
    const { result, controlPlane } = crash(10);
    const trace = (controlPlane?.trace ?? []) as Line[];
    expect(relays(trace)).toHaveLength(1);
    expect(relays(trace)[0].tS).toBeGreaterThan(CHANGE_AT_S + 9);
    const toBeta = result.control.arrangements.find((a) => a.id === 'contract-1:alpha>beta')?.content?.invalidations;
    expect(toBeta?.resent).toBeGreaterThan(0);
    expect(toBeta).toMatchObject({ acked: 1, failed: 0 });
  });

  it('down past alpha’s resends: alpha gives up (failed), nothing is relayed, and requests are still conserved', () => {
    const { result, controlPlane } = crash(600);
    const trace = (controlPlane?.trace ?? []) as Line[];
    expect(relays(trace)).toHaveLength(0);
    const toBeta = result.control.arrangements.find((a) => a.id === 'contract-1:alpha>beta')?.content?.invalidations;
    expect(toBeta).toMatchObject({ sent: 1, acked: 0, failed: 1 });
    const r = result.requests;
    expect(r.served + r.rejected + r.failed + r.inFlightAtEnd).toBe(r.arrived);
  });
});
