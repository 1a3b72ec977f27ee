// The names of a workload's random streams: keyed by what the workload is, never by its place in
// the scenario's list, so reordering the list changes no draws (common random numbers).

/**
 * Each workload's stream name, keyed by what it is (`workload/<region>/<cdn>`), not by its place in
 * the list: reordering the list changes no draws. A second workload of the same region and CDN is
 * `…#2`, a third `…#3` (in list order among those alone).
 */
export function workloadStreamNames(workload: readonly { region: string; cdn: string }[]): string[] {
  const seen = new Map<string, number>();
  return workload.map((w) => {
    const key = `workload/${w.region}/${w.cdn}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}
