// The script every page runs, as JavaScript source (it runs in the browser, after the vendored
// Chart.js, Hammer.js and zoom plugin): it registers the charts' own plugins (../chart-plugins, the
// same code the PNGs use), then draws each chart from its JSON configuration, adding only what a
// page has and a PNG has not: a responsive size, tooltip wording, and zoom and pan on time.
import { CHART_PLUGIN_SOURCES } from '../chart-plugins.js';

/** the id of the <script type="application/json"> element holding the charts */
export const CHARTS_DATA_ID = 'autopeer-charts';

/** set on <html> once every chart is drawn ("drawn"), or to the first error's message */
export const CHARTS_STATE_ATTRIBUTE = 'data-charts';

export const PAGE_SCRIPT = `(function () {
  'use strict';
  var root = document.documentElement;
  try {
    Chart.register.apply(Chart, [
${CHART_PLUGIN_SOURCES.join(',\n')}
    ]);
    var specs = JSON.parse(document.getElementById('${CHARTS_DATA_ID}').textContent);
    var number = function (x) { return Number(x).toLocaleString('en-US', { maximumFractionDigits: 2 }); };
    var duration = function (s) { return s < 60 ? number(s) + ' s' : number(s / 60) + ' min'; };
    specs.forEach(function (spec) {
      var canvas = document.getElementById(spec.id);
      var config = spec.config;
      var options = config.options || (config.options = {});
      options.responsive = true;
      options.maintainAspectRatio = true;
      options.aspectRatio = spec.width / spec.height;
      var plugins = options.plugins || (options.plugins = {});
      var tooltip = plugins.tooltip || (plugins.tooltip = {});
      var callbacks = tooltip.callbacks || (tooltip.callbacks = {});
      if (spec.time) {
        if (options.indexAxis === 'y') {
          callbacks.label = function (item) {
            var span = item.raw;
            return item.dataset.label + ': ' + number(span[0]) + '–' + number(span[1]) + ' min (' + duration((span[1] - span[0]) * 60) + ')';
          };
        } else {
          callbacks.title = function (items) { return items.length ? 't = ' + number(items[0].parsed.x) + ' min' : ''; };
        }
        plugins.zoom = {
          limits: { x: { min: 'original', max: 'original', minRange: 0.05 } },
          pan: { enabled: true, mode: 'x', modifierKey: 'shift' },
          zoom: {
            mode: 'x',
            drag: { enabled: true, backgroundColor: 'rgba(31, 119, 180, 0.15)', borderColor: '#1f77b4', borderWidth: 1 },
            wheel: { enabled: true, modifierKey: 'ctrl' },
            pinch: { enabled: true }
          }
        };
      }
      var chart = new Chart(canvas, config);
      if (spec.time) {
        canvas.addEventListener('dblclick', function () { chart.resetZoom(); });
        var reset = document.querySelector('button[data-reset="' + spec.id + '"]');
        if (reset) reset.addEventListener('click', function () { chart.resetZoom(); });
      }
    });
    root.setAttribute('${CHARTS_STATE_ATTRIBUTE}', 'drawn');
  } catch (error) {
    root.setAttribute('${CHARTS_STATE_ATTRIBUTE}', 'error: ' + (error && error.message));
    throw error;
  }
})();`;
