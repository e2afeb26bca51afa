// The workbench page: four views over the server's JSON API. Everything is computed on the server; this only draws.
import { showKnowledge } from './knowledge.js';
import { showPatients } from './patient.js';
import { showRounds } from './edit.js';
import { showImpact } from './impact.js';

export async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
  });
  const data = await response.json();
  if (!response.ok) {
    throw new Error(data.error || response.statusText);
  }
  return data;
}

/** An element with text (never HTML: record and rule text is shown as it is). */
export function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function select(view) {
  document.querySelectorAll('nav button').forEach(b => b.classList.toggle('active', b.dataset.view === view));
  document.querySelectorAll('.view').forEach(v => v.classList.toggle('active', v.id === view));
  location.hash = view;
}

document.querySelectorAll('nav button').forEach(b => b.addEventListener('click', () => select(b.dataset.view)));
if (location.hash) select(location.hash.substring(1));

const status = await api('api/status');
document.getElementById('package').textContent =
  status.knowledge + (status.editing ? ' — editing ' + status.folder : ' — built-in package, read-only');
showKnowledge(status);
showPatients();
showRounds(status);
showImpact(status);
