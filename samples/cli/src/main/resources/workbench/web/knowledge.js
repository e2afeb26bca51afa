// View 1: every rule of the package in use, by rule set, searchable.
import { api, el } from './app.js';

export async function showKnowledge() {
  const rules = await api('api/rules');
  const box = document.getElementById('rules');
  box.replaceChildren();
  const sets = new Map();
  for (const rule of rules) {
    if (!sets.has(rule.ruleSet)) {
      const section = el('div', null, 'ruleset');
      section.append(el('h2', rule.ruleSet.toLowerCase().replace('_', ' ')));
      sets.set(rule.ruleSet, section);
      box.append(section);
    }
    sets.get(rule.ruleSet).append(ruleCard(rule));
  }
  const search = document.getElementById('rule-search');
  search.oninput = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(w => w);
    box.querySelectorAll('details.rule').forEach(card =>
      card.hidden = !words.every(w => card.dataset.text.includes(w)));
    box.querySelectorAll('.ruleset').forEach(set => set.hidden = !set.querySelector('details.rule:not([hidden])'));
  };
  search.oninput(); // what was typed while the rules loaded
  if (rules.some(r => r.scenarios.length === 0)) {
    setTimeout(showKnowledge, 3000); // the scenarios are still running on the server
  }
}

function ruleCard(rule) {
  const card = el('details', null, 'rule');
  card.id = 'rule-' + rule.id;
  const failing = rule.scenarios.filter(s => !s.passed).length;
  const summary = el('summary');
  summary.append(el('strong', rule.id), ' ', rule.title,
    el('span', rule.scenarios.length === 0 ? 'scenarios…'
      : failing ? failing + ' of ' + rule.scenarios.length + ' scenarios fail'
        : rule.scenarios.length + ' scenarios pass', 'badge ' + (failing ? 'fail' : rule.scenarios.length ? 'pass' : '')));
  card.append(summary);
  card.append(el('p', 'Severity when fired: ' + (rule.severities.join(', ') || '—')
    + (rule.contraindications.length ? ' · Contraindication: ' + rule.contraindications.join(', ') : '')
    + ' · Modes: ' + rule.modes.join(', ') + ' · Sources: ' + rule.sources.join('; '), 'muted'));
  card.append(el('p', rule.summary), el('p', rule.detail, 'muted'));
  if (rule.thresholds.length) {
    const table = el('table');
    table.append(row('th', ['threshold', 'value', 'unit', 'basis']));
    for (const t of rule.thresholds) {
      const tr = row('td', [t.name, t.value + (t.builtIn !== null ? ' (built-in ' + t.builtIn + ')' : ''), t.unit, t.basis]);
      if (t.builtIn !== null) tr.className = 'changed';
      table.append(tr);
    }
    card.append(table);
  }
  if (rule.valueSets.length) {
    const table = el('table');
    table.append(row('th', ['value set', 'codes']));
    for (const v of rule.valueSets) {
      const tr = row('td', [v.concept, '']);
      tr.lastChild.className = 'codes';
      tr.lastChild.textContent = v.codes.join('\n');
      tr.lastChild.style.whiteSpace = 'pre';
      table.append(tr);
    }
    card.append(table);
  }
  const where = el('p', 'DRL: ');
  for (const loc of rule.locations) {
    const a = el('a', loc.file + ':' + loc.line);
    a.href = 'source.html?file=' + encodeURIComponent(loc.file) + '#L' + loc.line;
    a.target = '_blank';
    where.append(a, ' ');
  }
  card.append(where);
  if (rule.scenarios.length) {
    const list = el('ul');
    for (const s of rule.scenarios) {
      const item = el('li');
      item.append(el('span', s.passed ? 'pass' : 'fail', 'badge ' + (s.passed ? 'pass' : 'fail')), ' ', s.file, ' — ', s.name);
      s.failures.forEach(f => item.append(el('div', f.about + ': expected ' + f.expected + ', got ' + f.got, 'muted')));
      list.append(item);
    }
    card.append(list);
  }
  card.dataset.text = [rule.id, rule.title, rule.summary, rule.detail, rule.ruleSet, ...rule.modes, ...rule.severities,
    ...rule.thresholds.map(t => t.name), ...rule.valueSets.map(v => v.concept)].join(' ').toLowerCase();
  return card;
}

function row(cell, texts) {
  const tr = el('tr');
  texts.forEach(t => tr.append(el(cell, String(t ?? ''))));
  return tr;
}
