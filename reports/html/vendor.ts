// The third-party scripts the pages inline, read from node_modules when a page is rendered:
// Chart.js's UMD bundle, Hammer.js (touch and drag gestures) and chartjs-plugin-zoom, each with its
// license banner, named by package and version. Source-map comments are dropped (a page fetches
// nothing), and a script that could end its <script> element early is refused.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface VendorScript {
  /** npm package name */
  name: string;
  version: string;
  license: string;
  /** the file's path inside its package */
  file: string;
  source: string;
}

/** the package's folder, from its entry point (these packages do not export package.json) */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return dir;
    } catch {
      // no package.json here: look further up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of the npm package "${name}" (is it installed?)`);
    dir = up;
  }
}

/** refuses text that could close or confuse an inline <script> element */
export function assertInlineable(what: string, source: string): void {
  const bad = /<\/script|<script|<!--/i.exec(source);
  if (bad) throw new Error(`${what} cannot be inlined in a <script> element: it contains "${bad[0]}" at offset ${bad.index}`);
}

function vendor(name: string, file: string): VendorScript {
  const dir = packageDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
  const source = readFileSync(join(dir, file), 'utf8')
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .trimEnd();
  assertInlineable(`${name}/${file}`, source);
  return { name, version: manifest.version, license: manifest.license, file, source };
}

let cached: VendorScript[] | undefined;

/** Chart.js, then Hammer.js, then the zoom plugin (it registers itself with the Chart global) */
export function vendorScripts(): VendorScript[] {
  cached ??= [
    vendor('chart.js', 'dist/chart.umd.min.js'),
    vendor('hammerjs', 'hammer.min.js'),
    vendor('chartjs-plugin-zoom', 'dist/chartjs-plugin-zoom.min.js'),
  ];
  return cached;
}
