// One entry per business question: which endpoint answers it, with which controls, drawn how.
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
export const formatMoney = (value) => (value === null || value === undefined ? '—' : money.format(value));
const movieLabel = (movie) => (movie.year ? `${movie.title} (${movie.year})` : movie.title);
const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626'];

const moneyAxis = { ticks: { callback: (value) => formatMoney(value) } };

function bar(label, labels, values, { horizontal = false, color = COLORS[0], valueAxis = {} } = {}) {
  const valueKey = horizontal ? 'x' : 'y';
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data: values, backgroundColor: color }] },
    options: { indexAxis: horizontal ? 'y' : 'x', scales: { [valueKey]: { beginAtZero: true, ...valueAxis } } },
  };
}

function topMovies(by, title, color) {
  return {
    id: `top-${by}`,
    title,
    endpoint: '/analytics/movies/top',
    params: () => ({ by, limit: 20, order: 'desc' }),
    isEmpty: (body) => body.items.length === 0,
    chart: (body) =>
      bar(
        by,
        body.items.map(movieLabel),
        body.items.map((m) => m[by]),
        { horizontal: true, color, valueAxis: moneyAxis },
      ),
  };
}

export const CHARTS = [
  {
    id: 'languages',
    title: 'Average rating by original language',
    endpoint: '/analytics/languages',
    params: (c) => ({ minVotes: c.minVotes }),
    isEmpty: (body) => body.items.length === 0,
    chart: (body) =>
      bar(
        'average rating',
        body.items.map((l) => l.name ?? l.language),
        body.items.map((l) => l.averageRating),
        { valueAxis: { max: 10 } },
      ),
  },
  {
    id: 'top-rated-years',
    title: 'Top-rated movies per release year',
    endpoint: '/analytics/top-rated/years',
    params: (c) => ({ minRating: c.minRating, minVotes: c.minVotes, from: c.from, to: c.to }),
    isEmpty: (body) => body.items.length === 0,
    chart: (body) =>
      bar(
        'top-rated movies',
        body.items.map((y) => String(y.year)),
        body.items.map((y) => y.count),
        { color: COLORS[1], valueAxis: { ticks: { precision: 0 } } },
      ),
  },
  {
    id: 'genres',
    title: 'Movies per genre',
    endpoint: '/analytics/genres',
    params: (c) => ({ minVotes: c.minVotes }),
    isEmpty: (body) => body.items.length === 0,
    chart: (body) =>
      bar(
        'movies',
        body.items.map((g) => g.genre),
        body.items.map((g) => g.movies),
        { color: COLORS[2], valueAxis: { ticks: { precision: 0 } } },
      ),
  },
  topMovies('profit', 'Top 20 movies by profit', COLORS[3]),
  topMovies('budget', 'Top 20 movies by budget', COLORS[4]),
  {
    id: 'revenue-per-year',
    title: 'Top 5 revenues of a year',
    endpoint: '/analytics/revenue/top-per-year',
    params: (c) => ({ n: 5, from: c.from, to: c.to }),
    picker: { label: 'year', initial: 'last', options: (body) => body.items.map((y) => [String(y.year), String(y.year)]) },
    isEmpty: (body) => body.items.length === 0,
    chart: (body, year) => {
      const group = body.items.find((y) => String(y.year) === year) ?? body.items[body.items.length - 1];
      return bar(
        `revenue ${group.year}`,
        group.movies.map(movieLabel),
        group.movies.map((m) => m.revenue),
        {
          horizontal: true,
          color: COLORS[5],
          valueAxis: moneyAxis,
        },
      );
    },
  },
  {
    id: 'revenue-vs-budget',
    title: 'Revenue against budget',
    endpoint: '/analytics/revenue-vs-budget',
    params: () => ({}),
    isEmpty: (body) => body.points.length === 0,
    subtitle: (body) => (body.n > 1 ? `n = ${body.n}, Pearson r = ${round(body.pearson)}, Spearman ρ = ${round(body.spearman)}, R² = ${round(body.r2)}` : ''),
    chart: (body) => {
      const xs = body.points.map((p) => p.budget);
      const [low, high] = [Math.min(...xs), Math.max(...xs)];
      const line = body.slope === null || body.slope === undefined ? [] : [low, high].map((x) => ({ x, y: body.intercept + body.slope * x }));
      return {
        type: 'scatter',
        data: {
          datasets: [
            { label: 'movies', data: body.points.map((p) => ({ x: p.budget, y: p.revenue, title: p.title })), backgroundColor: `${COLORS[0]}99` },
            { type: 'line', label: `least squares (r = ${round(body.pearson)})`, data: line, borderColor: COLORS[6], pointRadius: 0 },
          ],
        },
        options: {
          scales: { x: { title: { display: true, text: 'budget' }, ...moneyAxis }, y: { title: { display: true, text: 'revenue' }, ...moneyAxis } },
          plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.raw.title ?? ''} ${formatMoney(ctx.raw.x)} → ${formatMoney(ctx.raw.y)}` } } },
        },
      };
    },
  },
];

/** Cells of the heatmap with fewer movies than this are greyed out (their n stays on hover), unless the controls say otherwise. */
export const HEATMAP_MIN_MOVIES = 10;
const minMoviesOf = (controls) => Number(controls?.minMovies) || HEATMAP_MIN_MOVIES;
const HEAT_MEASURES = [
  ['weightedRating', 'vote-weighted rating', (v) => round(v, 2)],
  ['meanRating', 'mean rating', (v) => round(v, 2)],
  ['medianProfit', 'median profit', formatMoney],
  ['medianRevenue', 'median revenue', formatMoney],
  ['shareProfitable', 'share profitable', (v) => percent(v)],
  ['movies', 'movies', (v) => String(v)],
];
const GREY = '#d1d5db';

function percent(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** Light to dark blue as t goes 0 → 1. */
function heatColor(t) {
  const from = [219, 234, 254];
  const to = [30, 58, 138];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * Math.min(1, Math.max(0, t))));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * Draws each point of a heatmap dataset as a filled cell of its category grid (Chart.js has no matrix chart;
 * this keeps the page free of plugins beyond Chart.js itself). Cells carry their colour in `color`.
 */
const heatmapCells = {
  id: 'heatmapCells',
  beforeDatasetsDraw(chart) {
    const { ctx, scales } = chart;
    const dataset = chart.data.datasets[0];
    if (!dataset?.heatmap) return;
    // One cell per category, whether or not the axis shows every label.
    const width = scales.x.width / Math.max(1, scales.x.getLabels().length);
    const height = scales.y.height / Math.max(1, scales.y.getLabels().length);
    ctx.save();
    for (const cell of dataset.data) {
      const x = scales.x.getPixelForValue(scales.x.getLabels().indexOf(cell.x));
      const y = scales.y.getPixelForValue(scales.y.getLabels().indexOf(cell.y));
      ctx.fillStyle = cell.color;
      ctx.fillRect(x - width / 2 + 1, y - height / 2 + 1, width - 2, height - 2);
    }
    ctx.restore();
  },
};

/** Genre × language heatmap of one measure: languages and genres with a cell of enough movies, the most movies first. */
export function heatmapChart(body, measure, controls) {
  const minMovies = minMoviesOf(controls);
  const [key, label, format] = HEAT_MEASURES.find(([k]) => k === measure) ?? HEAT_MEASURES[0];
  const enough = body.items.filter((i) => i.movies >= minMovies);
  const shown = enough.length > 0 ? enough : body.items;
  const total = (field) => {
    const sums = new Map();
    for (const i of body.items) sums.set(i[field], (sums.get(i[field]) ?? 0) + i.movies);
    return sums;
  };
  const languageTotals = total('language');
  const genreTotals = total('genre');
  const languages = [...new Set(shown.map((i) => i.language))].sort((a, b) => languageTotals.get(b) - languageTotals.get(a) || (a < b ? -1 : 1));
  const genres = [...new Set(shown.map((i) => i.genre))].sort((a, b) => genreTotals.get(b) - genreTotals.get(a) || (a < b ? -1 : 1));
  const cells = body.items.filter((i) => languages.includes(i.language) && genres.includes(i.genre));
  const values = cells.filter((i) => i.movies >= minMovies && i[key] !== null).map((i) => i[key]);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const data = cells.map((i) => {
    const greyed = i.movies < minMovies || i[key] === null;
    return {
      x: i.language,
      y: i.genre,
      value: i[key],
      n: i.movies,
      moneyN: i.moneyMovies,
      name: i.languageName ?? i.language,
      greyed,
      color: greyed ? GREY : heatColor(high > low ? (i[key] - low) / (high - low) : 1),
    };
  });
  return {
    type: 'scatter',
    data: { datasets: [{ label, data, heatmap: true, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 12 }] },
    options: {
      scales: {
        x: {
          type: 'category',
          labels: languages,
          offset: true,
          grid: { display: false },
          ticks: { autoSkip: false },
          title: { display: true, text: 'original language' },
        },
        y: {
          type: 'category',
          labels: genres,
          offset: true,
          reverse: true,
          grid: { display: false },
          ticks: { autoSkip: false, font: { size: genres.length > 14 ? 10 : 12 } },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? `${items[0].raw.y} × ${items[0].raw.name}` : ''),
            label: (ctx) =>
              ctx.raw.greyed
                ? `n = ${ctx.raw.n}: too few movies (under ${minMovies})${ctx.raw.value === null ? '' : `; ${label} ${format(ctx.raw.value)}`}`
                : `${label} ${format(ctx.raw.value)}; n = ${ctx.raw.n} (known money: ${ctx.raw.moneyN})`,
          },
        },
      },
    },
    plugins: [heatmapCells],
  };
}

const bandLabel = (b) => `${b.band}: ${formatMoney(b.lowestBudget)}–${formatMoney(b.highestBudget)}`;

/** Budget bands: the p10–p90 range of profit as a floating bar, the median as a point, and the share profitable on its own axis. */
export function budgetBandsChart(body) {
  const items = body.items;
  return {
    type: 'bar',
    data: {
      labels: items.map(bandLabel),
      datasets: [
        {
          label: 'profit p10–p90',
          data: items.map((b) => (b.p10Profit === null ? null : [b.p10Profit, b.p90Profit])),
          backgroundColor: `${COLORS[0]}40`,
          borderColor: COLORS[0],
          borderWidth: 1,
          yAxisID: 'y',
        },
        {
          type: 'line',
          label: 'median profit',
          data: items.map((b) => b.medianProfit),
          borderColor: COLORS[0],
          backgroundColor: COLORS[0],
          showLine: false,
          pointRadius: 5,
          yAxisID: 'y',
        },
        {
          type: 'line',
          label: 'share profitable',
          data: items.map((b) => (b.shareProfitable === null ? null : b.shareProfitable * 100)),
          borderColor: COLORS[1],
          backgroundColor: COLORS[1],
          yAxisID: 'share',
        },
      ],
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'budget band (lowest–highest budget)' } },
        y: { title: { display: true, text: 'profit' }, ...moneyAxis },
        share: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'share profitable (%)' } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const b = items[ctx.dataIndex];
              if (ctx.dataset.yAxisID === 'share') return `share profitable ${percent(b.shareProfitable)} (n = ${b.movies})`;
              if (ctx.dataset.type === 'line') return `median profit ${formatMoney(b.medianProfit)} (n = ${b.movies})`;
              return `p10 ${formatMoney(b.p10Profit)} – p90 ${formatMoney(b.p90Profit)}`;
            },
          },
        },
      },
    },
  };
}

CHARTS.push(
  {
    id: 'genre-language',
    title: 'Genre × original language',
    endpoint: '/analytics/genre-language',
    // Every cell, so the small ones can be shown greyed out with their n.
    params: (c) => ({ minVotes: c.minVotes, minMovies: 1 }),
    picker: { label: 'measure', initial: 'first', options: () => HEAT_MEASURES.map(([key, label]) => [key, label]) },
    isEmpty: (body) => body.items.length === 0,
    subtitle: (body, controls) =>
      `${body.claim.cell ? `Drama × English: n = ${body.claim.movies}, vote-weighted rating ${round(body.claim.cell.weightedRating, 2)}, median profit ${formatMoney(body.claim.cell.medianProfit)}. ` : ''}Darker = higher; grey: fewer than ${minMoviesOf(controls)} movies (n on hover).`,
    chart: heatmapChart,
  },
  {
    id: 'budget-bands',
    title: 'Profit by budget decile',
    endpoint: '/analytics/budget-bands',
    params: () => ({}),
    isEmpty: (body) => body.items.length === 0,
    subtitle: (body) =>
      body.target.band
        ? `Median profit reaches ${formatMoney(body.target.targetProfit)} from band ${body.target.band.band} (budgets from ${formatMoney(body.target.band.lowestBudget)}); ${percent(body.target.shareReaching)} of its movies reach it.`
        : `No band reaches a median profit of ${formatMoney(body.target.targetProfit)}.`,
    chart: budgetBandsChart,
  },
);

export function round(value, digits = 3) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(digits);
}
