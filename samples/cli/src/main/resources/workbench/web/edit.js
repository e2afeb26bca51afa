// View 3: the rounds of the edit loop, newest first, polled from the server.
import { api, el } from './app.js';

export function showRounds(status) {
  if (!status.editing) {
    document.getElementById('edit-help').textContent =
      'Start the workbench with --rules DIR (a copy of the package) to edit and test a rule folder here.';
    return;
  }
  let shown = -1;
  const poll = async () => {
    try {
      const rounds = await api('api/rounds');
      const newest = rounds.length ? rounds[0].number : 0;
      if (newest !== shown) {
        shown = newest;
        document.getElementById('rounds').replaceChildren(...rounds.map(round));
      }
    } finally {
      setTimeout(poll, 1000);
    }
  };
  poll();
}

function round(r) {
  const box = el('div', null, 'round ' + (r.passed ? 'passed' : 'failed'));
  box.id = 'round-' + r.number;
  const failed = r.failed;
  box.append(el('h3', 'Round ' + r.number + ' — ' + (r.passed ? 'all good' : 'problems') + ' — took '
    + r.tookMillis + ' ms'));
  box.append(el('p', 'Changed: ' + (r.changedFiles.length > 8 ? r.changedFiles.length + ' files'
    : r.changedFiles.join(', ') || 'nothing') + ' · Re-ran the scenarios of: '
    + (r.affectedRules.length > 8 ? r.affectedRules.length + ' rules' : r.affectedRules.join(', ') || 'none'), 'muted'));
  if (r.problems.length) {
    const ul = el('ul', null, 'problems');
    r.problems.forEach(p => ul.append(el('li', p)));
    box.append(el('h4', 'Problems'), ul);
  }
  const ran = r.ran;
  box.append(el('p', ran ? (ran - failed.length) + ' of ' + ran + ' scenarios pass' : 'no scenario ran',
    'badge ' + (failed.length || !ran ? 'fail' : 'pass')));
  if (failed.length) {
    const ul = el('ul', null, 'failures');
    for (const s of failed) {
      const li = el('li', null, 'scenario-failure');
      li.append(el('strong', s.file), ' — ', s.name);
      s.failures.forEach(f => li.append(el('div', f)));
      li.append(el('div', 'got: ' + s.got, 'muted'));
      ul.append(li);
    }
    box.append(ul);
  }
  return box;
}
