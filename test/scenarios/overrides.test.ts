import { describe, expect, it } from 'vitest';
import { InputError } from '../../input/input-error.js';
import { loadScenario } from '../../scenarios/load.js';
import { applyOverrides } from '../../scenarios/overrides.js';

const doc = () => ({
  name: 'x',
  peering: { enabled: true },
  cdns: [
    {
      id: 'alpha',
      sites: [
        { region: 'eu-west', servers: 4 },
        { region: 'na-east', servers: 2 },
      ],
    },
    {
      id: 'beta',
      sites: [
        { id: 'b1', region: 'eu-west', servers: 8 },
        { region: 'eu-west', servers: 8 },
      ],
    },
  ],
  workload: [{ region: 'eu-west', base: { ratePerS: 100 } }],
});
type Doc = ReturnType<typeof doc>;
const set = (...sets: string[]) => applyOverrides(doc(), sets, 'f.yaml') as Doc;

function issuesOf(sets: string[]) {
  try {
    applyOverrides(doc(), sets, 'f.yaml');
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('--set overrides', () => {
  it('indexes arrays with numeric segments', () => {
    expect(set('workload.0.base.ratePerS=500').workload[0].base.ratePerS).toBe(500);
  });

  it('selects an array element by id', () => {
    expect(set('cdns.beta.sites.b1.servers=9').cdns[1].sites[0].servers).toBe(9);
  });

  it('selects an array element by region when no id matches', () => {
    expect(set('cdns.alpha.sites.na-east.servers=3').cdns[0].sites[1].servers).toBe(3);
  });

  it('parses values as YAML: numbers, booleans, strings, lists, null', () => {
    const out = set('peering.enabled=false', 'name=90s', 'cdns.0.sites.0.servers=12', 'cdns.alpha.tags=[a, b]', 'cdns.1.policy=');
    expect(out.peering.enabled).toBe(false);
    expect(out.name).toBe('90s');
    expect(out.cdns[0].sites[0].servers).toBe(12);
    expect((out.cdns[0] as Record<string, unknown>).tags).toEqual(['a', 'b']);
    expect((out.cdns[1] as Record<string, unknown>).policy).toBeNull();
  });

  it('creates a missing leaf and missing intermediate mappings', () => {
    const out = set('cdns.alpha.policy=isolated', 'cdns.alpha.sites.0.cache.capacity=1GB') as unknown as {
      cdns: { policy: string; sites: { cache: unknown }[] }[];
    };
    expect(out.cdns[0].policy).toBe('isolated');
    expect(out.cdns[0].sites[0].cache).toEqual({ capacity: '1GB' });
  });

  it('applies in order, later overrides winning', () => {
    expect(set('name=a', 'name=b').name).toBe('b');
  });

  it('does not mutate its input', () => {
    const original = doc();
    applyOverrides(original, ['cdns.alpha.sites.0.servers=99'], 'f.yaml');
    expect(original).toEqual(doc());
  });

  it('keeps everything after the first "=" as the value', () => {
    expect(set('name=a=b').name).toBe('a=b');
  });

  it('rejects a --set without "="', () => {
    expect(issuesOf(['peering.enabled'])).toEqual([
      {
        file: 'f.yaml',
        path: '--set',
        expected: 'PATH=VALUE with a dot path (e.g. cdns.alpha.policy=isolated)',
        found: '"peering.enabled"',
      },
    ]);
  });

  it('rejects an id that matches no element, listing the known ones', () => {
    expect(issuesOf(['cdns.gamma.policy=x'])).toEqual([
      {
        file: 'f.yaml',
        path: '--set cdns.gamma.policy',
        expected: 'an index, id or region of an element of cdns (known: alpha, beta)',
        found: '"gamma"',
      },
    ]);
  });

  it('rejects an index past the end', () => {
    expect(issuesOf(['workload.3.base.ratePerS=1'])).toEqual([
      {
        file: 'f.yaml',
        path: '--set workload.3.base.ratePerS',
        expected: 'an index below 1 in workload',
        found: '3',
      },
    ]);
  });

  it('rejects descending into a scalar', () => {
    expect(issuesOf(['name.first=x'])).toEqual([
      {
        file: 'f.yaml',
        path: '--set name.first',
        expected: 'a mapping or list at name (to hold first)',
        found: '"x"',
      },
    ]);
  });

  it('rejects a region that selects several elements', () => {
    expect(issuesOf(['cdns.beta.sites.eu-west.servers=1'])).toEqual([
      {
        file: 'f.yaml',
        path: '--set cdns.beta.sites.eu-west.servers',
        expected: 'one element of cdns.beta.sites with region "eu-west" (2 match: use an index)',
        found: '"eu-west"',
      },
    ]);
  });

  it('rejects an empty path segment', () => {
    expect(issuesOf(['cdns..id=x'])[0]).toMatchObject({ path: '--set', found: '"cdns..id=x"' });
  });

  it('the loader validates the overridden document and keeps the file name in errors', () => {
    const { scenario } = loadScenario('mmc', { sets: ['workload.0.base.ratePerS=720', 'cdns.alpha.policy=isolated'] });
    expect([scenario.workload[0].base.ratePerS, scenario.cdns[0].policy]).toEqual([720, 'isolated']);
    try {
      loadScenario('mmc', { sets: ['workload.0.base.ratePerS=-1'] });
      throw new Error('expected an InputError');
    } catch (err) {
      expect((err as InputError).issues).toMatchObject([{ path: 'workload[0].base.ratePerS', found: '-1' }]);
    }
  });
});

describe('--set overrides refuse what nests too deep', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('a deeply nested document is an input error, not a stack overflow in structuredClone', () => {
    let value: unknown = 1;
    for (let i = 0; i < 20_000; i++) value = [value];
    let issue;
    try {
      applyOverrides({ name: value }, [], 'f.yaml');
    } catch (err) {
      issue = err instanceof InputError ? err.issues[0] : err;
    }
    expect(issue).toMatchObject({ file: 'f.yaml', expected: 'nesting at most 64 levels deep', found: 'nesting deeper than 64 levels' });
  });

  it.each([100, 20_000])('a --set value nested %i levels deep is an input error, not an abort', (n) => {
    expect(issuesOf([`description=${deep(n)}`])[0]).toMatchObject({
      path: '--set description',
      expected: 'nesting at most 64 levels deep',
    });
  });

  it('a --set value that makes the document too deep is an input error', () => {
    expect(issuesOf([`cdns.0.sites.0.x=${deep(62)}`])[0]).toMatchObject({ expected: 'nesting at most 64 levels deep' });
  });
});
