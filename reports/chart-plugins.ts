// The Chart.js plugins the chart configurations name, as JavaScript source: the PNG renderer
// (./render-charts) evaluates it once in Node, and the HTML page (./html/) inlines the very same
// text, so a PNG and its live chart draw from one configuration with one drawing code. Configured
// by plain options only (see BandsOptions); no dependency beyond Chart.js's plugin interface.
import type { ChartType, Plugin } from 'chart.js';

/** one shaded period on the x axis (in the axis' units: minutes for the time charts) */
export interface Band {
  from: number;
  to: number;
  label: string;
  /** its own fill (CSS colour); BandsOptions.color when absent */
  color?: string;
}

/** `options.plugins.bands`: the periods to shade behind the datasets, with a label at their top */
export interface BandsOptions {
  bands: Band[];
  color: string;
  labelColor: string;
}

declare module 'chart.js' {
  // a merged declaration must repeat Chart.js's type parameter, used or not
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** see reports/chart-plugins.ts (for every chart type TType) */
    bands?: BandsOptions;
  }
}

/**
 * `bands`: shades each period [from, to] of the x axis over the whole chart area, behind the
 * datasets, clipped to the area (so it follows zoom and pan), its label at its top left; labels of
 * overlapping periods go one line lower each.
 */
export const BANDS_PLUGIN_SOURCE = `({
  id: 'bands',
  beforeDatasetsDraw: function (chart, _args, options) {
    var bands = (options && options.bands) || [];
    var x = chart.scales.x;
    var area = chart.chartArea;
    if (!bands.length || !x || !area) return;
    var ctx = chart.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    var lineOf = [];
    for (var i = 0; i < bands.length; i++) {
      var band = bands[i];
      var from = x.getPixelForValue(band.from);
      var to = x.getPixelForValue(band.to);
      var line = 0;
      for (var j = 0; j < i; j++) if (bands[j].from < band.to && band.from < bands[j].to && lineOf[j] >= line) line = lineOf[j] + 1;
      lineOf.push(line);
      if (!(to > from)) continue;
      ctx.fillStyle = band.color || options.color;
      ctx.fillRect(from, area.top, to - from, area.bottom - area.top);
      if (band.label) {
        ctx.fillStyle = options.labelColor;
        ctx.font = '12px sans-serif';
        ctx.textBaseline = 'top';
        ctx.fillText(band.label, Math.max(from, area.left) + 4, area.top + 4 + 15 * line);
      }
    }
    ctx.restore();
  },
})`;

/** every plugin's source, in registration order */
export const CHART_PLUGIN_SOURCES: readonly string[] = [BANDS_PLUGIN_SOURCE];

/** the plugin objects, built from the same source the page inlines */
export function chartPlugins(): Plugin[] {
  return CHART_PLUGIN_SOURCES.map((source) => new Function(`return ${source};`)() as Plugin);
}
