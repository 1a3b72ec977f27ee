// The worker-thread entry point of a sweep's pool (piscina): one task = one run (./execute-run).
import { executeRun, type RunOutcome, type RunTask } from './execute-run.js';

export default function runWorker(task: RunTask): RunOutcome {
  return executeRun(task);
}
