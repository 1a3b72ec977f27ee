// The pages' style sheet (inlined in each page's <style>): system fonts, a grid of key figures,
// readable tables, charts as wide as the page. No external fonts or images.
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1d2327; --muted: #5f6b73; --line: #dde3e8; --accent: #1f77b4; --bad: #b3261e; --good: #1e7b34; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; color: var(--ink); background: #ffffff; }
header, main { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 6px 0; }
.intro { color: var(--muted); }
code { font: 13px/1.3 'DejaVu Sans Mono', ui-monospace, monospace; background: #f3f5f7; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 20px 0 8px; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fafbfc; }
.figure dt { font-size: 13px; color: var(--muted); }
.figure dd { margin: 2px 0 0; overflow-wrap: anywhere; font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure p { font-size: 12px; color: var(--muted); margin: 2px 0 0; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 7px 4px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td code { overflow-wrap: normal; white-space: nowrap; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.chart { margin: 18px 0 26px; }
.chart-box { position: relative; width: 100%; }
.chart-box canvas { width: 100%; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.hint { margin-left: 6px; }
button { font: inherit; font-size: 12px; padding: 1px 8px; border: 1px solid var(--line); border-radius: 4px; background: #ffffff; cursor: pointer; }
button:hover { border-color: var(--accent); }
ol.story { padding-left: 22px; }
ol.story li { margin: 8px 0; }
.bad { color: var(--bad); }
.good { color: var(--good); }
footer { max-width: 1120px; margin: 30px auto; padding: 0 20px; color: var(--muted); font-size: 12px; }
`;
