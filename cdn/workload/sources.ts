// Builds a data plane's arrival sources from its workload spec, with the catalog they need: the
// objects crowds add (new hot sets) and a log's objects are appended after the catalog's own, in
// workload then event order, and marked in the hot-set membership table. Must not depend on
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
  // new hot-set objects first, then the logs' objects
  const firstNew: number[][] = [];
  let drawn = 0;
  for (const w of spec.workload) {
    firstNew.push(
      w.events.map((e) => {
        const hot = hotSetOf(e);
        if (hot?.kind !== 'new') return -1;
        const first = spec.catalog.objects + drawn;
        drawn += hot.objects;
        return first;
      }),
    );
  }
  const logObjects = spec.workload.map((w) => (w.base.process === 'log' ? new LogObjects(open(context, w.base.trace.path), w.base.format) : null));
  const catalog = context.catalog({
    drawn,
    rng: drawn > 0 ? streams.stream('catalog/new-objects') : null,
    sized: logObjects.flatMap((l) => (l === null ? [] : [l.sizes])),
  });
  let nextLogObject = spec.catalog.objects + drawn;
  const sources = spec.workload.map((w, i): ArrivalSource => {
    const region = context.regionOf(w.region);
    const cdn = context.cdnOf(w.cdn);
    const base = w.base;
    if (base.process === 'replay') return new ReplaySource(i, names[i], region, cdn, open(context, base.trace.path), catalog, streams);
    if (base.process === 'log') {
      const objects = logObjects[i] as LogObjects;
      const first = nextLogObject;
      nextLogObject += objects.sizes.length;
      return new LogSource(i, base, region, cdn, open(context, base.trace.path), objects, first, context.regionOf);
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
