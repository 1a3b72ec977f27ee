// The plain records a sweep is made of: a variant (one point of the grid: its varied parameters),
// and one run's row (its variant, seed, status and key metrics). runs.csv, summary.json, merge and
// compare all read and write these; nothing here touches files.

/** one point of the sweep's grid */
export interface Variant {
  /** file-system-safe id, unique in the sweep (used in run ids and folder names) */
  id: string;
  /** human label, e.g. `cdns.alpha.policy=balanced` or the experiment file's name for it */
  name: string;
  /** varied PATH → VALUE as written (a YAML scalar, applied like `--set PATH=VALUE`), in grid order */
  params: Record<string, string>;
}

/** one planned run: a variant under one seed */
export interface PlannedRun {
  /** `<variant id>-seed-<seed>`; the run's folder is `runs/<id>/` */
  id: string;
  /** position in the unsharded plan (0-based): fixes every output's order */
  index: number;
  variant: string;
  seed: number;
}

export type RunStatus = 'ok' | 'failed';

/** one finished run, as runs.csv has it */
export interface RunRow {
  id: string;
  index: number;
  /** variant id */
  variant: string;
  seed: number;
  status: RunStatus;
  /** the error message of a failed run, else null */
  error: string | null;
  /** metric name → value; null when the metric is undefined for this run (e.g. no arrangement was made) or the run failed */
  metrics: Record<string, number | null>;
}
