// The primary's redirection rule under agents (policy parameter `redirection`): with each rule the
// small crowd's arrangements carry traffic, every request is accounted for, and the rule is the one
// the lane runs — overflow and threshold lanes open (share 1) only while active, the sla rule's
// controller starting with the arrangement and stopping when it ends.
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../cli/helpers.js';
import { SMALL_CROWD, runWithAgents } from './run-helpers.js';
import { packageRoot } from '../../input/paths.js';

function withRule(rule: string, extra = ''): string {
  const dir = tempDir();
  const balanced = readFileSync(join(packageRoot(), 'policies/library/balanced.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'primary.yaml'),
    balanced.replace('params:\n', `params:\n  redirection: ${rule}\n${extra}`).replace('name: balanced', `name: balanced-${rule}`),
  );
  const scenario = readFileSync(SMALL_CROWD, 'utf8').replace('policy: balanced', 'policy: ./primary.yaml');
  writeFileSync(join(dir, 'small-crowd.yaml'), scenario);
  copyFileSync(SMALL_CROWD, join(dir, 'unused.yaml'));
  return join(dir, 'small-crowd.yaml');
}

describe('redirection rules chosen by the primary’s policy', () => {
  const rules: [string, string][] = [
    ['share', ''],
    ['overflow', ''],
    ['threshold', '  redirectionThreshold: 12\n'],
    ['load-proximity', '  redirectionLoadWeight: 0.7\n'],
    ['sla', '  redirectionTarget: 150 ms\n  redirectionStatistic: mean\n'],
  ];
  for (const [rule, extra] of rules) {
    it(`${rule}: peers serve part of the crowd, every request is accounted for, the lanes run the rule`, () => {
      const { result, dataPlane } = runWithAgents(withRule(rule, extra), 1);
      const r = result.requests;
      expect(r.arrived).toBe(r.served + r.rejected + r.failed + r.inFlightAtEnd);
      expect(result.timeline.reduce((s, w) => s + w.servedByPeers, 0)).toBeGreaterThan(1000);
      const lanes = dataPlane.router.lanes;
      for (let lane = 0; lane < lanes.count; lane++) expect(lanes.rules[lane].kind).toBe(rule);
      if (rule === 'sla') {
        const history = dataPlane.slaControllers.history();
        expect(history.length).toBeGreaterThan(0);
        expect(history.some((h) => h.steps.some((s) => s.share > 0))).toBe(true);
        // once the crowd is over there is no offload: the controller brought it to 0, or stopped with its arrangement
        for (const h of history) {
          const stopped = !dataPlane.slaControllers.running(h.lane);
          expect(stopped || h.steps[h.steps.length - 1].share === 0).toBe(true);
          if (stopped) expect(dataPlane.router.shareRoom(h.lane, 0)).toBe(1);
        }
      }
    });
  }
});
