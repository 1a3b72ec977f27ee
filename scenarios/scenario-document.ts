// The resolved scenario written back as a scenario FILE (the format of ./schema) with every default
// filled in: what `scenario.resolved.yaml` holds, and what loads back to the very same resolved
// scenario (./plan checks it on every render). A field the schema resolves must be written here;
// an optional one stays absent when the scenario does not use it. Pure; no wall-clock time.
import { contentDoc } from './content-schema.js';
import type {
  BaseProcess,
  CdnSpec,
  FaultSpec,
  HotSetSpec,
  RedirectionRule,
  Scenario,
  ServiceTimeModel,
  SizeModel,
  WorkloadEvent,
  WorkloadSpec,
} from './types.js';

function serviceTimeDoc(m: ServiceTimeModel): Record<string, unknown> {
  switch (m.kind) {
    case 'exponential':
      return { exponential: { meanMs: m.meanMs } };
    case 'deterministic':
      return { deterministic: { ms: m.ms } };
    case 'uniform':
      return { uniform: { minMs: m.minMs, maxMs: m.maxMs } };
    case 'lognormal':
      return { lognormal: { medianMs: m.medianMs, sigma: m.sigma } };
    case 'pareto':
      return { pareto: { alpha: m.alpha, minMs: m.minMs, maxMs: m.maxMs } };
    case 'bySize':
      return { bySize: { bandwidth: m.bytesPerS, overheadMs: m.overheadMs } };
  }
}

function sizeDoc(m: SizeModel): Record<string, unknown> {
  switch (m.kind) {
    case 'fixed':
      return { fixed: m.bytes };
    case 'lognormal':
      return { lognormal: { median: m.medianBytes, sigma: m.sigma } };
    case 'pareto':
      return { pareto: { alpha: m.alpha, min: m.minBytes, max: m.maxBytes } };
  }
}

/** a CDN's CDNI metadata fields as the file writes them (absent when the scenario has none) */
function metadataDocs(c: CdnSpec): Record<string, unknown> {
  const m = c.metadata;
  const windows = (ws: { startS: number; endS: number }[]) => ws.map((w) => ({ start: w.startS, end: w.endS }));
  const metadata =
    m === undefined
      ? {}
      : {
          metadata: {
            ...(m.locations === undefined ? {} : { locations: m.locations.map((r) => ({ action: r.action, regions: [...r.regions] })) }),
            ...(m.times === undefined ? {} : { times: m.times.map((r) => ({ action: r.action, windows: windows(r.windows) })) }),
            ...(m.cacheTtlS === undefined ? {} : { cacheTtl: m.cacheTtlS }),
            ...(m.uriSigning === undefined ? {} : { uriSigning: m.uriSigning }),
          },
        };
  return {
    ...metadata,
    ...(c.metadataMode === undefined ? {} : { metadataMode: c.metadataMode }),
    ...(c.misbehaviour === undefined ? {} : { misbehaviour: { ...c.misbehaviour } }),
    ...(c.redirectionModes === undefined ? {} : { redirectionModes: [...c.redirectionModes] }),
  };
}

function cdnDoc(c: CdnSpec): Record<string, unknown> {
  return {
    id: c.id,
    role: c.role,
    policy: c.policy,
    sites: c.sites.map((s) => ({
      id: s.id,
      region: s.region,
      servers: s.servers,
      serviceTime: serviceTimeDoc(s.serviceTime),
      queueLimit: s.queueLimit,
      cache: s.cache === null ? null : { capacity: s.cache.capacityBytes },
    })),
    economics: { revenuePerGB: c.economics.revenuePerGB, costPerServerHour: c.economics.costPerServerHour },
    ...metadataDocs(c),
  };
}

function faultDoc(f: FaultSpec): Record<string, unknown> {
  const head = { at: f.atS, type: f.type };
  switch (f.type) {
    case 'site-down':
      return { ...head, cdn: f.cdn, region: f.region, for: f.forS };
    case 'cdn-down':
    case 'agent-crash':
      return { ...head, cdn: f.cdn, for: f.forS };
    case 'partition':
      return { ...head, a: f.a, b: f.b, for: f.forS };
  }
}

/** seconds after midnight as HH:MM:SS */
function clockText(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function hotSetDoc(h: HotSetSpec | null): Record<string, unknown> {
  return h === null ? {} : { hotSet: { kind: h.kind, objects: h.objects, fromRank: h.fromRank, zipf: h.zipf, share: h.share } };
}

function baseDoc(b: BaseProcess): Record<string, unknown> {
  switch (b.process) {
    case 'poisson':
      return { process: b.process, ratePerS: b.ratePerS };
    case 'mmpp':
      return {
        process: b.process,
        states: b.states.map((x) => ({ ratePerS: x.ratePerS, meanHolding: x.meanHoldingS })),
        initial: b.initial < 0 ? null : b.initial,
      };
    case 'series':
      return {
        process: b.process,
        file: b.trace.path,
        maxMalformed: b.trace.maxMalformed,
        period: b.periodS,
        from: b.fromS,
        to: b.toS,
        speedup: b.speedup,
        scale: b.scale,
      };
    case 'log':
      return {
        process: b.process,
        file: b.trace.path,
        maxMalformed: b.trace.maxMalformed,
        format: b.format,
        speedup: b.speedup,
        prefixes: b.prefixes.map((p) => ({ ...p })),
      };
    case 'replay':
      return { process: b.process, file: b.trace.path, maxMalformed: b.trace.maxMalformed };
  }
}

function eventDoc(e: WorkloadEvent): Record<string, unknown> {
  switch (e.type) {
    case 'flash-crowd':
      return {
        type: e.type,
        start: e.startS,
        rampUp: e.rampUpS,
        sustain: e.sustainS,
        rampDown: e.rampDownS,
        peak: e.peak,
        ramp: e.ramp,
        ...hotSetDoc(e.hotSet),
      };
    case 'step':
      return { type: e.type, start: e.startS, for: e.endS === null ? null : e.endS - e.startS, factor: e.factor };
    case 'spike':
      return { type: e.type, start: e.startS, for: e.forS, requests: e.requests, ...hotSetDoc(e.hotSet) };
  }
}

function workloadDoc(w: WorkloadSpec): Record<string, unknown> {
  const daily =
    w.daily === null
      ? null
      : w.daily.kind === 'sinusoid'
        ? { sinusoid: { amplitude: w.daily.amplitude, peak: clockText(w.daily.peakHour * 3600) } }
        : { hourly: [...w.daily.factors] };
  const tokens = w.tokens === undefined ? {} : { tokens: { ...w.tokens } };
  return {
    region: w.region,
    cdn: w.cdn,
    base: baseDoc(w.base),
    daily,
    clients: w.clients === null ? null : { ...w.clients },
    events: w.events.map(eventDoc),
    ...tokens,
  };
}

/** The resolved scenario as a raw scenario document: durations in seconds, sizes in bytes, bandwidths in bytes/s. */
export function scenarioFileDocument(s: Scenario): Record<string, unknown> {
  return {
    name: s.name,
    description: s.description,
    seed: s.seed,
    duration: s.durationS,
    window: s.windowS,
    ...(s.warmupS === undefined ? {} : { warmup: s.warmupS }),
    peering: {
      enabled: s.peering.enabled,
      control: {
        lossRate: s.peering.control.lossRate,
        jitterMs: s.peering.control.jitterMs,
        ...(s.peering.control.relayAdvertisements === undefined ? {} : { relayAdvertisements: s.peering.control.relayAdvertisements }),
      },
    },
    regions: [...s.regions],
    network: {
      rttMs: {
        default: s.network.rttMs.default,
        sameRegion: s.network.rttMs.sameRegion,
        pairs: s.network.rttMs.pairs.map((p) => ({ a: p.a, b: p.b, ms: p.ms })),
      },
      redirection: redirectionDoc(s.network.redirection),
      ...(s.network.healthChecks === undefined ? {} : { healthChecks: { interval: s.network.healthChecks.intervalS, misses: s.network.healthChecks.misses } }),
    },
    origin: { region: s.origin.region, bandwidth: s.origin.bytesPerS },
    catalog: { objects: s.catalog.objects, popularity: { zipf: s.catalog.zipf }, sizeBytes: sizeDoc(s.catalog.size) },
    cdns: s.cdns.map(cdnDoc),
    ...(s.clockStartS === undefined ? {} : { clock: { start: clockText(s.clockStartS) } }),
    ...(s.timezones === undefined ? {} : { timezones: { ...s.timezones } }),
    workload: s.workload.map(workloadDoc),
    routing: s.routing.map((r) => ({
      cdn: r.cdn,
      to: r.to,
      region: r.region,
      share: r.share,
      ...(r.rule === undefined ? {} : { rule: ruleDoc(r.rule) }),
      ...(r.slots === undefined ? {} : { slots: r.slots }),
      ...(r.mode === undefined ? {} : { mode: r.mode }),
    })),
    contracts: s.contracts.map((c) => ({
      primary: c.primary,
      peer: c.peer,
      regions: c.regions === null ? null : [...c.regions],
      capacityRps: c.capacityRps,
      pricePerGB: c.pricePerGB,
      reservationPerRpsHour: c.reservationPerRpsHour,
      start: c.startS,
      duration: c.durationS,
      p95Ms: c.p95LatencyMs,
      maxRejectedShare: c.maxRejectedShare,
      penaltyPerViolation: c.penaltyPerViolation,
      notice: c.noticeS,
    })),
    faults: s.faults.map(faultDoc),
    ...(s.measure === undefined
      ? {}
      : { measure: { topK: s.measure.topK, requestLog: s.measure.requestLog, ...(s.measure.cdniLogs ? { cdniLogs: true } : {}) } }),
    ...(s.content === undefined ? {} : { content: contentDoc(s.content) }),
  };
}

/** A word for a POSIX shell: kept bare when safe, else single-quoted. */

function ruleDoc(rule: RedirectionRule): unknown {
  switch (rule.kind) {
    case 'share':
    case 'overflow':
      return rule.kind;
    case 'threshold':
      return { threshold: rule.inSystem };
    case 'load-proximity':
      return { loadProximity: { loadWeight: rule.loadWeight, inSystem: rule.inSystem } };
    case 'sla':
      return { sla: { [rule.statistic === 'mean' ? 'meanMs' : 'p95Ms']: rule.targetMs, interval: rule.intervalS, gain: rule.gain } };
  }
}

/** the network's redirection settings as the scenario file writes them (optional ones only when set) */
function redirectionDoc(r: Scenario['network']['redirection']): unknown {
  return {
    mode: r.mode,
    recursiveLookupMs: r.recursiveLookupMs,
    ...(r.via === undefined ? {} : { via: r.via }),
    ...(r.dns === undefined ? {} : { dns: { ttl: r.dns.ttlS, resolvers: r.dns.resolvers } }),
    ...(r.answerTtlS === undefined ? {} : { answerTtl: r.answerTtlS }),
    ...(r.maxHops === undefined ? {} : { maxHops: r.maxHops }),
  };
}
