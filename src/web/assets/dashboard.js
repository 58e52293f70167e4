/* global window, document, FormData */
import { apiKey, getCsv, getJson, saveBlob, setApiKey } from './api.js';
import { CHARTS, formatMoney } from './charts.js';

const { Chart } = window;
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
// Paint a white background so downloaded PNGs are readable on any viewer.
Chart.register({
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
});

const EMPTY_DATABASE = 'No movies yet — run an ingest.';
const NOTHING_MATCHES = 'No movies match these settings.';
const EXTREMES = [
  ['highestProfit', 'Highest profit', 'profit'],
  ['lowestProfit', 'Lowest profit', 'profit'],
  ['highestBudget', 'Highest budget', 'budget'],
  ['lowestBudget', 'Lowest budget', 'budget'],
];
const form = document.getElementById('controls');
const charts = new Map();
const bodies = new Map();
let generation = 0;
let applied = {};

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function controls() {
  const data = new FormData(form);
  const value = (name) => String(data.get(name) ?? '').trim();
  return { minVotes: value('minVotes'), minRating: value('minRating'), from: value('from'), to: value('to'), minMovies: value('minMovies') };
}

function buildCards() {
  const grid = document.getElementById('charts');
  for (const spec of CHARTS) {
    const png = element('button', { type: 'button', textContent: 'PNG', title: 'Download the chart as PNG' });
    const csv = element('button', { type: 'button', textContent: 'CSV', title: 'Download the data as CSV' });
    const actions = element('div', { className: 'actions' }, [png, csv]);
    const picker = spec.picker ? element('select', { className: 'picker', ariaLabel: spec.picker.label }) : null;
    if (picker) actions.prepend(picker);
    const card = element('article', { className: 'card' }, [
      element('header', {}, [element('h2', { textContent: spec.title }), actions]),
      element('p', { className: 'subtitle' }),
      element('div', { className: 'chart-box' }, [element('canvas', { role: 'img', ariaLabel: spec.title })]),
      element('p', { className: 'message', hidden: true }),
      element('p', { className: 'definition' }),
      element('p', { className: 'params' }),
    ]);
    card.dataset.chart = spec.id;
    grid.append(card);
    png.addEventListener('click', () => downloadPng(spec, card));
    csv.addEventListener('click', () => void downloadCsv(spec, spec.params(applied), card));
    picker?.addEventListener('change', () => draw(spec, card, bodies.get(spec.id)));
  }
  const extremesCsv = document.querySelector('#extremes button[data-download="csv"]');
  extremesCsv.addEventListener(
    'click',
    () => void downloadCsv({ id: 'extremes', endpoint: '/analytics/movies/extremes' }, {}, document.getElementById('extremes')),
  );
}

function showMessage(card, text, state) {
  const message = card.querySelector('.message');
  message.textContent = text;
  message.hidden = !text;
  message.classList.toggle('error', state === 'error');
  card.dataset.state = state;
}

function draw(spec, card, body) {
  charts.get(spec.id)?.destroy();
  const picker = card.querySelector('.picker');
  let choice;
  if (picker) {
    // Options as [value, label]; the choice is kept across refreshes while it is still offered.
    const options = spec.picker.options(body);
    const values = options.map(([value]) => value);
    const kept = values.includes(picker.value) ? picker.value : spec.picker.initial === 'last' ? values[values.length - 1] : values[0];
    picker.replaceChildren(...options.map(([value, label]) => element('option', { value, textContent: label, selected: value === kept })));
    choice = kept;
  }
  charts.set(spec.id, new window.Chart(card.querySelector('canvas'), spec.chart(body, choice, applied)));
}

async function renderChart(spec, values, databaseEmpty, run) {
  const card = document.querySelector(`[data-chart="${spec.id}"]`);
  card.dataset.state = 'loading';
  let body;
  try {
    body = await getJson(spec.endpoint, spec.params(values));
  } catch (error) {
    if (run !== generation) return;
    charts.get(spec.id)?.destroy();
    charts.delete(spec.id);
    return showMessage(card, error.message, 'error');
  }
  if (run !== generation) return;
  bodies.set(spec.id, body);
  card.querySelector('.definition').textContent = body.definition ?? '';
  card.querySelector('.params').textContent = describeParams(body.params);
  card.querySelector('.subtitle').textContent = spec.subtitle?.(body, values) ?? '';
  if (spec.isEmpty(body)) {
    charts.get(spec.id)?.destroy();
    charts.delete(spec.id);
    return showMessage(card, databaseEmpty ? EMPTY_DATABASE : NOTHING_MATCHES, 'empty');
  }
  showMessage(card, '', 'ready');
  draw(spec, card, body);
}

async function renderExtremes(run) {
  const section = document.getElementById('extremes');
  const figures = section.querySelector('.figures');
  section.dataset.state = 'loading';
  try {
    const body = await getJson('/analytics/movies/extremes');
    if (run !== generation) return;
    figures.replaceChildren(
      ...EXTREMES.map(([key, label, measure]) => {
        const movie = body[key];
        const figure = element('figure', {}, [
          element('figcaption', { textContent: label }),
          element('strong', { textContent: movie ? formatMoney(movie[measure]) : '—' }),
          element('span', { textContent: movie ? `${movie.title}${movie.year ? ` (${movie.year})` : ''}` : 'no movie with known money values' }),
        ]);
        figure.dataset.extreme = key;
        return figure;
      }),
    );
    showMessage(section, '', 'ready');
  } catch (error) {
    if (run === generation) showMessage(section, error.message, 'error');
  }
}

/** Whether the database holds no movie at all (null when the API cannot say). */
async function isDatabaseEmpty() {
  try {
    const page = await getJson('/analytics/tables/movies', { page: 1, pageSize: 1 });
    return page.total === 0;
  } catch {
    return null;
  }
}

async function refresh() {
  const run = ++generation;
  document.body.dataset.state = 'loading';
  const values = controls();
  applied = values;
  const databaseEmpty = await isDatabaseEmpty();
  if (run !== generation) return;
  const banner = document.getElementById('banner');
  banner.hidden = databaseEmpty !== true;
  banner.textContent = databaseEmpty ? EMPTY_DATABASE : '';
  await Promise.all([...CHARTS.map((spec) => renderChart(spec, values, databaseEmpty, run)), renderExtremes(run)]);
  if (run !== generation) return;
  document.body.dataset.generation = String(run);
  document.body.dataset.state = 'ready';
}

function describeParams(params = {}) {
  const used = Object.entries(params).filter(([, value]) => value !== null && value !== undefined);
  return used.length ? `Parameters: ${used.map(([name, value]) => `${name} = ${value}`).join(', ')}` : '';
}

function downloadPng(spec, card) {
  const canvas = card.querySelector('canvas');
  if (!charts.has(spec.id)) return;
  canvas.toBlob((blob) => blob && saveBlob(blob, `${spec.id}.png`), 'image/png');
}

async function downloadCsv(spec, params, card) {
  try {
    saveBlob(await getCsv(spec.endpoint, params), `${spec.id}.csv`);
  } catch (error) {
    showMessage(card, error.message, 'error');
  }
}

form.elements.apiKey.value = apiKey();
form.addEventListener('submit', (event) => {
  event.preventDefault();
  setApiKey(form.elements.apiKey.value.trim());
  void refresh();
});
buildCards();
void refresh();
