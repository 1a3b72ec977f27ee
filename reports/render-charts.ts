// Renders chart configurations to PNG with Chart.js on @napi-rs/canvas (prebuilt, no system
// graphics libraries), with the same plugins the HTML page inlines (./chart-plugins). The only
// module that touches a canvas in Node.
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import type { ChartSpec } from './chart-style.js';
import { chartPlugins } from './chart-plugins.js';

Chart.register(...registerables, ...chartPlugins());

/** paints the canvas white under the chart: Chart.js clears the canvas before drawing, so a fill made beforehand would be lost (a transparent PNG) */
const whiteBackground = {
  id: 'pngWhiteBackground',
  beforeDraw(chart: Chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 500;

/** file name → PNG bytes (charts/<file>), each on a white background */
export function renderCharts(specs: ChartSpec[]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const spec of specs) {
    const height = spec.height ?? CHART_HEIGHT;
    const canvas = createCanvas(CHART_WIDTH, height);
    const context = canvas.getContext('2d');
    // Chart.js keeps what it is given: a copy, so rendering never alters the configuration
    const config = structuredClone(spec.config);
    config.plugins = [...(config.plugins ?? []), whiteBackground];
    const chart = new Chart(context as unknown as CanvasRenderingContext2D, config);
    files[`charts/${spec.file}`] = canvas.toBuffer('image/png');
    chart.destroy();
  }
  return files;
}
