// `npm run golden:update`: reruns every golden case (test/golden/cases.json) and rewrites its
// test/golden/<name>.report.json, removing any .new left by a failed check. Run it only when a
// change of report.json is intended, and say in the commit which figures moved and why.
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { goldenCases, goldenFile, renderGolden } from '../test/golden/golden.js';

for (const c of goldenCases()) {
  const file = goldenFile(c);
  writeFileSync(file, renderGolden(c));
  rmSync(`${file}.new`, { force: true });
  process.stdout.write(`wrote ${relative(process.cwd(), file)} (autopeer ${c.args.join(' ')})\n`);
}
