// Builds a data plane's arrival sources from its workload spec, with the catalog they need: the
// objects crowds add (new hot sets) and a log's objects are appended after the catalog's own, in
// the order of the workloads' stream names (so reordering the list moves no object) then of events, and marked in the hot-set membership table. Must not depend on
// agents, policies or reports.
import type { DataPlaneSpec } from '../spec.js';
import type { StreamFactory } from '../../core/random.js';
import type { Catalog } from '../content/catalog.js';
import type { ArrivalSource } from './source.js';
import { workloadStreamNames } from './stream-names.js';
import { ProfileSource, type OpenTrace } from './profile-source.js';
import { ReplaySource } from './replay-source.js';
import { LogObjects, LogSource } from './log-source.js';
import { hotSetOf } from './hot-sets.js';

export type { OpenTrace } from './profile-source.js';

export interface SourceContext {
  regionOf(name: string): number;
  cdnOf(id: string): number;
  /** the catalog with what the workload adds to it */
  catalog(added: { drawn: number; rng: ReturnType<StreamFactory['stream']> | null; sized: readonly Float64Array[] }): Catalog;
  openTrace?: OpenTrace;
}

export interface WorkloadSources {
  sources: ArrivalSource[];
  catalog: Catalog;
  /** by object: 1 if it is in some event's hot set */
  hotSetMember: Uint8Array;
}

function open(context: SourceContext, path: string) {
  if (context.openTrace === undefined) throw new Error(`a trace file (${path}) needs a trace reader`);
  return context.openTrace(path);
}

export function createSources(spec: Pick<DataPlaneSpec, 'workload' | 'catalog'>, streams: StreamFactory, context: SourceContext): WorkloadSources {
  const names = workloadStreamNames(spec.workload);
  // workloads in the order of their stream names, so reordering the list moves no object
  const byName = spec.workload.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  // new hot-set objects first, then the logs' objects
  const firstNew: number[][] = spec.workload.map(() => []);
  let drawn = 0;
  for (const i of byName) {
    firstNew[i] = spec.workload[i].events.map((e) => {
      const hot = hotSetOf(e);
      if (hot?.kind !== 'new') return -1;
      const first = spec.catalog.objects + drawn;
      drawn += hot.objects;
      return first;
    });
  }
  const logObjects = spec.workload.map((w) => (w.base.process === 'log' ? new LogObjects(open(context, w.base.trace.path), w.base.format) : null));
  const catalog = context.catalog({
    drawn,
    rng: drawn > 0 ? streams.stream('catalog/new-objects') : null,
    sized: byName.flatMap((i) => (logObjects[i] === null ? [] : [(logObjects[i] as LogObjects).sizes])),
  });
  const firstLogObject: number[] = [];
  let nextLogObject = spec.catalog.objects + drawn;
  for (const i of byName) {
    firstLogObject[i] = nextLogObject;
    nextLogObject += logObjects[i]?.sizes.length ?? 0;
  }
  const sources = spec.workload.map((w, i): ArrivalSource => {
    const region = context.regionOf(w.region);
    const cdn = context.cdnOf(w.cdn);
    const base = w.base;
    if (base.process === 'replay') return new ReplaySource(i, names[i], region, cdn, open(context, base.trace.path), catalog, streams);
    if (base.process === 'log') {
      return new LogSource(i, base, region, cdn, open(context, base.trace.path), logObjects[i] as LogObjects, firstLogObject[i], context.regionOf);
    }
    return new ProfileSource(i, names[i], w, region, cdn, catalog, streams, (e) => firstNew[i][e], context.openTrace);
  });
  const hotSetMember = new Uint8Array(catalog.objects);
  for (const source of sources) {
    if (!(source instanceof ProfileSource)) continue;
    source.spec.events.forEach((_, e) => {
      for (const object of source.hotSet(e)) hotSetMember[object] = 1;
    });
  }
  return { sources, catalog, hotSetMember };
}
