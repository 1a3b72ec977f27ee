// Renders chart configurations to PNG with Chart.js on @napi-rs/canvas (prebuilt, no system
// graphics libraries). The only module that touches a canvas.
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables } from 'chart.js';
import type { ChartSpec } from './chart-configs.js';

Chart.register(...registerables);

const WIDTH = 1000;
const HEIGHT = 500;

/** file name → PNG bytes */
export function renderCharts(specs: ChartSpec[]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const spec of specs) {
    const canvas = createCanvas(WIDTH, HEIGHT);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, WIDTH, HEIGHT);
    const chart = new Chart(context as unknown as CanvasRenderingContext2D, spec.config);
    files[`charts/${spec.file}`] = canvas.toBuffer('image/png');
    chart.destroy();
  }
  return files;
}
