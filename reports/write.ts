// Writes a run's output folder in one call: the preflight (checks, lock, recovery, temporary folder;
// see ./output-folder) and the atomic commit. Commands that simulate first call prepareOutput
// themselves, so that an unusable --out is refused before the simulation runs.
import { prepareOutput, type OutputRequest } from './output-folder.js';

export { prepareOutput, type OutputRequest, type PreparedOutput, type StepObserver } from './output-folder.js';

/** files: relative path → content; returns the absolute path of the output folder */
export function writeOutputFolder(request: OutputRequest, files: Record<string, string | Uint8Array>, version: string): string {
  const output = prepareOutput(request);
  try {
    output.commit(files, version);
    return output.path;
  } finally {
    output.release();
  }
}
