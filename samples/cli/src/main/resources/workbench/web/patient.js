// View 2: try a patient. The server assesses the record and derives the chart's series; this draws them.
import { api, el } from './app.js';

let uploaded = null;

export async function showPatients() {
  const choices = await api('api/patients');
  const select = document.getElementById('patient-choice');
  const groups = new Map();
  for (const c of choices) {
    if (!groups.has(c.group)) {
      const g = document.createElement('optgroup');
      g.label = c.group;
      groups.set(c.group, g);
      select.append(g);
    }
    const option = el('option', c.label);
    option.value = c.id;
    Object.assign(option.dataset, { mode: c.mode ?? '', asOf: c.asOf ?? '', product: c.product ?? '', route: c.route ?? '' });
    groups.get(c.group).append(option);
  }
  select.onchange = () => {
    uploaded = null;
    document.getElementById('patient-file').value = '';
    const d = select.selectedOptions[0].dataset;
    if (d.mode) document.getElementById('mode').value = d.mode;
    document.getElementById('as-of').value = d.asOf;
    document.getElementById('product').value = d.product;
    document.getElementById('route').value = d.route;
  };
  document.getElementById('patient-file').onchange = async e => {
    uploaded = e.target.files.length ? await e.target.files[0].text() : null;
  };
  document.getElementById('trial').onsubmit = e => { e.preventDefault(); assess(); };
}

async function assess() {
  const error = document.getElementById('trial-error');
  error.textContent = '';
  try {
    const result = await api('api/assess', {
      patient: uploaded ? null : document.getElementById('patient-choice').value,
      bundle: uploaded,
      mode: document.getElementById('mode').value,
      asOf: document.getElementById('as-of').value,
      product: document.getElementById('product').value,
      route: document.getElementById('route').value
    });
    show(result);
  } catch (e) {
    error.textContent = e.message;
    document.getElementById('result').hidden = true;
  }
}

function show({ assessment, timeline, resources }) {
  document.getElementById('result').hidden = false;
  document.getElementById('disposition').textContent = assessment.disposition;
  document.getElementById('disclaimer').textContent = assessment.disclaimer;
  const findings = document.getElementById('findings');
  findings.replaceChildren();
  for (const f of assessment.findings) {
    const item = el('li');
    item.append(el('strong', f.ruleId + ' ' + f.outcome + ' ' + f.severity), ' ', f.summary);
    if (f.reason) item.append(el('div', 'Missing: ' + f.reason, 'muted'));
    const evidence = el('div');
    for (const id of f.evidence) {
      const a = el('a', id, 'evidence');
      if (resources[id]) {
        a.href = '#patient';
        a.onclick = e => { e.preventDefault(); openResource(id, resources[id]); };
      }
      evidence.append(a);
    }
    item.append(evidence);
    findings.append(item);
  }
  list('plan', assessment.monitoringPlan, m => m.ruleId + ': ' + m.what
    + (m.due.start ? ' (due ' + m.due.start + (m.due.end ? ' to ' + m.due.end : '') + ')' : ''));
  list('gaps', assessment.dataGaps, g => g.ruleId + ': ' + g.input + ' — ' + g.reason);
  draw(timeline);
}

function list(id, items, text) {
  const ul = document.getElementById(id);
  ul.replaceChildren(...(items.length ? items.map(i => el('li', text(i))) : [el('li', 'none', 'muted')]));
}

function openResource(id, json) {
  document.getElementById('resource-id').textContent = id;
  document.getElementById('resource-json').textContent = JSON.stringify(json, null, 2);
  document.getElementById('resource').showModal();
}

const VITALS = ['SYSTOLIC', 'DIASTOLIC', 'HEART_RATE', 'SPO2'];

/** One time range for the three charts, so that a reading, a score and a session at one time line up. */
function span(timeline) {
  const times = [timeline.asOf, timeline.t0, ...timeline.series.flatMap(s => s.points.map(p => p.time)),
    ...timeline.doses.map(d => d.time), ...timeline.trials.flatMap(t => [t.start, t.end])]
    .filter(t => t).map(t => Date.parse(t));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const margin = Math.max((max - min) * 0.03, 5 * 60 * 1000);
  return { min: min - margin, max: max + margin };
}

function draw(timeline) {
  const chart = echarts.getInstanceByDom(document.getElementById('chart'))
    || echarts.init(document.getElementById('chart'));
  const marks = [{ name: 'as-of', xAxis: timeline.asOf }];
  if (timeline.t0) marks.push({ name: 'T0', xAxis: timeline.t0 });
  const series = timeline.series.map((s, i) => ({
    name: s.label, type: 'line', showSymbol: true, connectNulls: true,
    xAxisIndex: VITALS.includes(s.measure) ? 0 : 1, yAxisIndex: VITALS.includes(s.measure) ? 0 : 1,
    data: s.points.map(p => ({ value: [p.time, p.value], resource: p.resource })),
    markLine: {
      symbol: 'none', label: { formatter: '{b}', position: 'insideEndTop' },
      data: [...timeline.thresholds.filter(t => t.measure === s.measure)
        .map(t => ({ name: t.name + ' ' + t.value, yAxis: t.value, lineStyle: { type: 'dashed' } })),
        ...(i === 0 ? marks.map(m => ({ ...m, lineStyle: { color: '#555' } })) : [])]
    }
  }));
  const rows = ['ketamine', 'esketamine', ...new Set(timeline.trials.map(t => t.name))];
  for (const product of ['ketamine', 'esketamine']) {
    series.push({
      name: product + ' sessions', type: 'scatter', xAxisIndex: 2, yAxisIndex: 2,
      data: timeline.doses.filter(d => d.product === product)
        .map(d => ({ value: [d.time, product, d.doseMg], resource: d.resource })),
      symbolSize: v => 8 + Math.min(20, (v[2] ?? 0) / 5),
      tooltip: { formatter: p => product + ' ' + (p.value[2] ?? '?') + ' mg at ' + p.value[0] }
    });
  }
  timeline.trials.forEach(t => series.push({
    name: 'antidepressant trials', type: 'line', xAxisIndex: 2, yAxisIndex: 2, symbol: 'none',
    lineStyle: { width: 10, color: '#7a8fb3' }, data: [[t.start, t.name], [t.end, t.name]]
  }));
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: [...new Set(series.filter(s => s.data.length).map(s => s.name))] },
    // One left edge for the three, wide enough for the session rows' names: the time axes line up.
    grid: [{ top: 40, height: '38%', left: 150, right: 40 }, { top: '52%', height: '16%', left: 150, right: 40 },
      { top: '74%', height: '16%', left: 150, right: 40 }],
    xAxis: [0, 1, 2].map(i => ({ type: 'time', gridIndex: i, ...span(timeline) })),
    yAxis: [{ gridIndex: 0, name: 'mmHg · /min · %', scale: true }, { gridIndex: 1, name: 'score', min: 0 },
      { gridIndex: 2, type: 'category', data: rows, axisLabel: { width: 140, overflow: 'truncate' } }],
    dataZoom: [{ type: 'inside', xAxisIndex: [0, 1, 2] }, { type: 'slider', xAxisIndex: [0, 1, 2], bottom: 0 }],
    series
  }, true);
  document.getElementById('chart-caption').textContent = timeline.series
    .map(s => s.label + ': ' + s.points.length).join(' · ') + ' · sessions: ' + timeline.doses.length
    + ' · antidepressant trials: ' + timeline.trials.length;
}
