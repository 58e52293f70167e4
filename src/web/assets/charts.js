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
    yearPicker: true,
    isEmpty: (body) => body.items.length === 0,
    years: (body) => body.items.map((y) => y.year),
    chart: (body, year) => {
      const group = body.items.find((y) => y.year === year) ?? body.items[body.items.length - 1];
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

export function round(value, digits = 3) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(digits);
}
