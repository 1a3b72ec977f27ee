// ESLint: TypeScript rules everywhere, plus the reproducibility rule for simulation code:
// no wall-clock time, no real timers and no global randomness under the simulation folders.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbidden = [
  { object: 'Math', property: 'random', message: 'Use a named random stream from core/random (reproducibility).' },
  { object: 'Date', property: 'now', message: 'Simulation code reads simulated time from the engine clock, never the wall clock.' },
  { object: 'performance', property: 'now', message: 'Simulation code reads simulated time from the engine clock, never the wall clock.' },
];
const forbiddenGlobals = [
  { name: 'setTimeout', message: 'Schedule on the engine clock, never a real timer.' },
  { name: 'setInterval', message: 'Schedule on the engine clock, never a real timer.' },
  { name: 'setImmediate', message: 'Schedule on the engine clock, never a real timer.' },
];

// The layers (DESIGN §3): cli → experiments → scenarios → {agents, reports} → {policies, cdn} → core; nothing
// points back up, and agents reach the data plane only through its port (cdn/port/). input/ (reading
// and reporting user input) sits beside core/ for the layers that read files: never the simulation.
// cdni/ (the CDNI wire formats: URI signing tokens, log files) sits beside core/ too: any layer may use it.
const layer = (what, forbidden) => ({
  regex: `(^|/)(${forbidden.join('|')})/`,
  message: `${what} must not import from ${forbidden.join(', ')} (the layers point one way: cli → experiments → scenarios → agents, reports → policies, cdn → core)`,
});
const layers = [
  {
    files: ['core/**/*.ts'],
    patterns: [layer('core/ (the kernel)', ['input', 'cdn', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli', 'bench'])],
  },
  { files: ['input/**/*.ts'], patterns: [layer('input/', ['cdn', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli', 'bench'])] },
  {
    files: ['cdni/**/*.ts'],
    patterns: [layer('cdni/ (the CDNI wire formats)', ['input', 'cdn', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli', 'bench'])],
  },
  { files: ['cdn/**/*.ts'], patterns: [layer('cdn/ (the data plane)', ['input', 'agents', 'policies', 'scenarios', 'reports', 'experiments', 'cli'])] },
  { files: ['policies/**/*.ts'], patterns: [layer('policies/', ['cdn', 'agents', 'scenarios', 'reports', 'experiments', 'cli'])] },
  {
    files: ['agents/**/*.ts'],
    patterns: [
      layer('agents/ (the control plane)', ['input', 'scenarios', 'reports', 'experiments', 'cli']),
      { regex: '(^|/)cdn/(?!port/)', message: 'agents/ reach the data plane only through its port (cdn/port/)' },
    ],
  },
  { files: ['reports/**/*.ts'], patterns: [layer('reports/', ['agents', 'scenarios', 'experiments', 'cli'])] },
  { files: ['scenarios/**/*.ts'], patterns: [layer('scenarios/', ['experiments', 'cli'])] },
  // the scenario file's schema modules know the file format only: the types they resolve into come via scenarios/types.ts
  {
    files: ['scenarios/schema.ts', 'scenarios/*-schema.ts', 'scenarios/schema-fields.ts', 'scenarios/clock-fields.ts'],
    patterns: [layer('the scenario schema', ['cdn', 'agents', 'policies', 'reports', 'experiments', 'cli'])],
  },
  { files: ['experiments/**/*.ts'], patterns: [layer('experiments/', ['cli'])] },
].map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['core/**/*.ts', 'cdni/**/*.ts', 'cdn/**/*.ts', 'agents/**/*.ts', 'policies/**/*.ts', 'scenarios/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...forbidden],
      'no-restricted-globals': ['error', ...forbiddenGlobals],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'No wall-clock dates in simulation code.' },
        {
          selector: "MemberExpression[object.name='globalThis'][property.name=/^(setTimeout|setInterval)$/]",
          message: 'Schedule on the engine clock, never a real timer.',
        },
      ],
    },
  },
  ...layers,
);
