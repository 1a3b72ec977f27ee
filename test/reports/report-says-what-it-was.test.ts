// Reports say what the run was: report.json carries the --set overrides; report.md names every
// CDN's policy (defaults included) and the overrides, and says "peering enabled" only when some
// primary's policy can seek a peer (peering is effectively off when every primary's `primary.seek`
// is the constant false, as with `isolated`, or the control plane is off).
import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from '../../reports/markdown.js';
import { buildReport, renderReportJson } from '../../reports/report.js';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../scenarios/run.js';
import { SMALL_CROWD } from '../agents/run-helpers.js';

function run(ref: string, sets: string[], seed = 1) {
  const { scenario, hash, policies } = loadScenario(ref, { seed, sets });
  return runScenario(scenario, { hash, version: 'test', policies, overrides: sets }).result;
}

describe('report.json', () => {
  const sets = ['duration=3m', 'cdns.alpha.policy=isolated', 'workload.0.base.ratePerS=150'];

  it('carries the overrides, in order, in scenario.overrides (an empty list without any)', () => {
    expect(buildReport(run(SMALL_CROWD, sets)).scenario).toMatchObject({ name: 'small-crowd', seed: 1, overrides: sets });
    const { scenario, hash } = loadScenario('mmc', {});
    const plain = runScenario({ ...scenario, durationS: 20, windowS: 10 }, { hash, version: 'test' }).result;
    expect(buildReport(plain).scenario.overrides).toEqual([]);
  });

  it('stays byte-identical for the same scenario, overrides and seed', () => {
    expect(renderReportJson(run(SMALL_CROWD, sets))).toBe(renderReportJson(run(SMALL_CROWD, sets)));
  });

  it('names each CDN’s policy and whether peering could seek', () => {
    const report = buildReport(run(SMALL_CROWD, sets));
    expect(Object.fromEntries(Object.entries(report.cdns).map(([id, c]) => [id, c.policy]))).toEqual({
      alpha: 'isolated',
      beta: 'peer-default',
      gamma: 'peer-default',
    });
    expect(report.peering).toMatchObject({ enabled: true, seeks: false, neverSeek: ['alpha'] });
  });
});

describe('report.md', () => {
  it('names every CDN’s policy, defaults included, even with peering disabled', () => {
    const md = renderReportMarkdown(run('mmc', ['duration=20s', 'window=10s']));
    expect(md).toContain('| alpha | primary | `isolated` |');
    expect(md).toContain('peering disabled');
  });

  it('lists the overrides in order, or says there were none', () => {
    const sets = ['duration=2m', 'cdns.beta.policy=peer-greedy'];
    const md = renderReportMarkdown(run(SMALL_CROWD, sets));
    expect(md).toContain('Overrides (`--set`), in order:\n\n- `duration=2m`\n- `cdns.beta.policy=peer-greedy`\n');
    expect(md).toContain('| beta | peer | `peer-greedy` |');
    expect(md).toContain('| alpha | primary | `balanced` |');
    const { scenario, hash, policies } = loadScenario(SMALL_CROWD, { sets: ['duration=1m'] });
    expect(renderReportMarkdown(runScenario(scenario, { hash, version: 'test', policies }).result)).toContain('Overrides (`--set`): none.');
  });

  it('an override with a backtick or a pipe cannot break out of its code span', () => {
    const { scenario, hash, policies } = loadScenario(SMALL_CROWD, { sets: ['duration=1m'] });
    const result = runScenario(scenario, { hash, version: 'test', policies, overrides: ['description=a`b|c'] }).result;
    expect(renderReportMarkdown(result)).toContain("- `description=a'b|c`");
  });

  it('never says "peering enabled" when no primary can seek: "peering on, but alpha’s policy `isolated` never seeks a peer"', () => {
    const md = renderReportMarkdown(run(SMALL_CROWD, ['duration=2m', 'cdns.alpha.policy=isolated']));
    expect(md).not.toContain('peering enabled');
    expect(md).toContain("peering on, but alpha's policy `isolated` never seeks a peer.");
  });

  it('says "peering enabled" when a primary’s policy can seek', () => {
    const md = renderReportMarkdown(run(SMALL_CROWD, ['duration=2m']));
    expect(md).toContain('3 regions, peering enabled.');
  });
});
