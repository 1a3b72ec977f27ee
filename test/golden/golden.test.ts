// The golden report.json of a short run of each ready scenario, byte for byte. A mismatch writes
// the new report beside the old as <name>.report.json.new (gitignored) for review; when the change
// is intended, `npm run golden:update` rewrites the golden files.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listScenarios } from '../../scenarios/load.js';
import { compareGolden, goldenCases, goldenFile, renderGolden } from './golden.js';

describe('golden report.json', () => {
  it('a mismatch writes <name>.report.json.new beside the old and says how to update; a match removes a stale .new', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'autopeer-golden-')), 'x.report.json');
    expect(compareGolden(file, 'new\n')).toMatch(/x\.report\.json is missing.*npm run golden:update/);
    writeFileSync(file, 'old\n');
    expect(compareGolden(file, 'new\n')).toMatch(/differs.*x\.report\.json\.new/);
    expect(readFileSync(`${file}.new`, 'utf8')).toBe('new\n');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(compareGolden(file, 'old\n')).toBeNull();
    expect(existsSync(`${file}.new`)).toBe(false);
  });

  it('every ready scenario has a golden case', () => {
    expect(
      goldenCases()
        .map((c) => c.args[1])
        .sort(),
    ).toEqual(listScenarios().map((s) => s.name));
  });

  for (const c of goldenCases()) {
    it(`${c.name}: autopeer ${c.args.join(' ')} writes the golden report.json byte for byte`, () => {
      const mismatch = compareGolden(goldenFile(c), renderGolden(c));
      if (mismatch !== null) expect.fail(mismatch);
    });
  }
});
