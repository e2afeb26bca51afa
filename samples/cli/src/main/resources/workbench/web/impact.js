// View 4: a Bulk export screened with the built-in and the edited package, in the background, then compared.
import { api, el } from './app.js';

export function showImpact(status) {
  if (status.export) document.getElementById('export').value = status.export;
  document.getElementById('impact-form').onsubmit = async e => {
    e.preventDefault();
    try {
      await api('api/impact', {
        export: document.getElementById('export').value,
        mode: document.getElementById('impact-mode').value,
        asOf: document.getElementById('impact-as-of').value
      });
      poll();
    } catch (err) {
      document.getElementById('impact-status').textContent = err.message;
    }
  };
  poll();
}

async function poll() {
  const s = await api('api/impact');
  const progress = document.getElementById('impact-progress');
  const text = document.getElementById('impact-status');
  progress.hidden = s.state !== 'running';
  if (s.state === 'running') {
    text.textContent = s.phase + (s.total ? ': ' + s.done + ' of ' + s.total : '');
    progress.max = s.total || 1;
    progress.value = s.done;
    setTimeout(poll, 500);
  } else if (s.state === 'failed') {
    text.textContent = s.error;
  } else if (s.state === 'done') {
    text.textContent = s.comparison.patients + ' patients screened with both packages.';
    result(s.comparison);
  }
}

function result(c) {
  const box = document.getElementById('impact-result');
  box.replaceChildren();
  box.append(el('h3', 'Per rule: patients whose outcome changed'));
  if (!c.changes.length) {
    box.append(el('p', 'No patient changed outcome.', 'no-changes'));
  } else {
    const table = el('table', null, 'changes');
    table.append(tr('th', ['rule', 'before', 'after', 'patients', 'which']));
    c.changes.forEach(ch => table.append(tr('td', [ch.ruleId, ch.before, ch.after, ch.patients.length,
      ch.patients.join(', ')])));
    box.append(table);
  }
  box.append(el('h3', 'Disposition shift (rows: built-in, columns: edited)'));
  const after = [...new Set(Object.values(c.dispositions).flatMap(Object.keys))];
  const matrix = el('table', null, 'matrix');
  matrix.append(tr('th', ['', ...after]));
  Object.entries(c.dispositions).forEach(([before, row]) =>
    matrix.append(tr('td', [before, ...after.map(a => row[a] ?? '')])));
  box.append(matrix);
}

function tr(cell, texts) {
  const row = el('tr');
  texts.forEach(t => row.append(el(cell, String(t))));
  return row;
}
