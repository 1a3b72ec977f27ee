// A lane's redirection mode comes from what the peer advertises (FCI.RedirectionMode): the primary's
// own (the network's) when the peer supports it, else the other one over the same request routing
// (HTTP or DNS), else its own. A peer lists its modes in the scenario (`cdns[].redirectionModes`);
// one that lists no mode over the primary's request routing is never called (RI 506).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { chooseRedirectionMode, redirectsOver } from '../../agents/primary/redirection-mode.js';
import { validateScenarioDocument } from '../../scenarios/load.js';
import { scenarioFileDocument } from '../../scenarios/scenario-document.js';
import { inputErrorOf } from '../input/errors.js';
import { tempDir } from '../cli/helpers.js';
import { SMALL_CROWD, runWithAgents } from './run-helpers.js';

describe('choosing a lane’s redirection mode', () => {
  it('keeps its own mode when the peer lists it, takes the other over the same routing, else keeps its own', () => {
    expect(chooseRedirectionMode('iterative', false, ['HTTP-I', 'HTTP-R'])).toBe('iterative');
    expect(chooseRedirectionMode('iterative', false, ['HTTP-R', 'DNS-I'])).toBe('recursive');
    expect(chooseRedirectionMode('recursive', true, ['DNS-I'])).toBe('iterative');
    expect(chooseRedirectionMode('recursive', true, ['HTTP-I'])).toBe('recursive');
    expect(chooseRedirectionMode('iterative', false, null)).toBe('iterative');
  });
});

describe('peers that advertise only recursive HTTP', () => {
  it('the primary runs its lanes to them recursive; without the field they stay iterative', () => {
    const doc = YAML.parse(readFileSync(SMALL_CROWD, 'utf8'));
    for (const cdn of doc.cdns) if (cdn.role === 'peer') cdn.redirectionModes = ['HTTP-R'];
    const file = join(tempDir(), 'recursive-peers.yaml');
    writeFileSync(file, YAML.stringify(doc));
    const recursive = runWithAgents(file, 1, ['duration=15m']).dataPlane.router.lanes;
    const plain = runWithAgents(SMALL_CROWD, 1, ['duration=15m']).dataPlane.router.lanes;
    expect(recursive.count).toBeGreaterThan(0);
    for (let lane = 0; lane < recursive.count; lane++) expect(recursive.recursive[lane]).toBe(1);
    for (let lane = 0; lane < plain.count; lane++) expect(plain.recursive[lane]).toBe(0);
  });

  it('the resolved scenario writes the modes back and loads to the same scenario', () => {
    const doc = YAML.parse(readFileSync(SMALL_CROWD, 'utf8'));
    doc.cdns[1].redirectionModes = ['HTTP-R', 'DNS-R'];
    const scenario = validateScenarioDocument(doc, 'x.yaml');
    expect(scenario.cdns[1].redirectionModes).toEqual(['HTTP-R', 'DNS-R']);
    expect(validateScenarioDocument(scenarioFileDocument(scenario), 'x.resolved.yaml')).toEqual(scenario);
  });

  it('an unknown mode is refused at the field, naming the modes', () => {
    const doc = YAML.parse(readFileSync(SMALL_CROWD, 'utf8'));
    doc.cdns[1].redirectionModes = ['HTTP-X'];
    const issues = inputErrorOf(() => validateScenarioDocument(doc, 'x.yaml')).issues;
    expect(issues.map((i) => i.path)).toContain('cdns[1].redirectionModes[0]');
  });
});

describe('a peer with no redirection mode over the primary’s routing is no candidate (RI 506)', () => {
  function run(modes: string[], sets: string[]) {
    const doc = YAML.parse(readFileSync(SMALL_CROWD, 'utf8'));
    for (const cdn of doc.cdns) if (cdn.role === 'peer') cdn.redirectionModes = modes;
    const file = join(tempDir(), `modes-${modes.join('-')}.yaml`);
    writeFileSync(file, YAML.stringify(doc));
    return runWithAgents(file, 1, ['duration=15m', ...sets]).result.control;
  }

  it('DNS routing: peers taking only HTTP redirects are never called; listing DNS-I makes them candidates again', () => {
    const http = run(['HTTP-I', 'HTTP-R'], ['network.redirection.via=dns']);
    expect(http.negotiations).toEqual([]);
    expect(http.arrangements).toEqual([]);
    expect(run(['HTTP-I', 'DNS-I'], ['network.redirection.via=dns']).arrangements.length).toBeGreaterThan(0);
  });

  it('HTTP routing: peers taking only DNS redirects are never called', () => {
    const dns = run(['DNS-I', 'DNS-R'], []);
    expect(dns.negotiations).toEqual([]);
    expect(run(['DNS-I', 'HTTP-R'], []).arrangements.length).toBeGreaterThan(0);
  });

  it('the rule itself: a mode over the routing is needed; a peer that did not say is taken', () => {
    expect(redirectsOver(['HTTP-I'], true)).toBe(false);
    expect(redirectsOver(['HTTP-I', 'DNS-R'], true)).toBe(true);
    expect(redirectsOver(['DNS-I'], false)).toBe(false);
    expect(redirectsOver([], false)).toBe(false);
    expect(redirectsOver(undefined, true)).toBe(true);
  });
});
