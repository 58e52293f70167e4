// The module edges of src/, enforced by ESLint (`npm run check`): which top-level modules each module may
// import. The flow is tmdb ← ingest → stream → movies ← analytics, with config and common at the bottom, the
// pipeline's state (jobs, leases) under stream and ingest, the read model and the BI replica following the feed
// (stream's Kafka client), health and web on top. The root files (main, app.module, app.factory) wire everything.

/** Module → the modules it may import (besides itself). */
export const MODULE_EDGES = {
  config: [],
  common: ['config'],
  movies: ['config', 'common'],
  tmdb: ['config', 'common'],
  pipeline: ['config', 'common'],
  stream: ['config', 'common', 'movies', 'pipeline'],
  'read-model': ['config', 'common', 'movies', 'pipeline', 'stream'],
  analytics: ['config', 'common', 'movies', 'read-model'],
  bi: ['config', 'common', 'movies', 'stream'],
  ingest: ['config', 'common', 'movies', 'pipeline', 'stream', 'tmdb'],
  health: ['config', 'common', 'stream', 'read-model', 'bi'],
  web: ['config', 'common'],
  // The one-shot CLI builds the whole app (app.factory) to run an ingest.
  cli: ['config', 'common', 'ingest', '(root)'],
};

const MODULES = Object.keys(MODULE_EDGES);
const escape = (s) => s.replace(/[.]/g, '\\.');

/** One ESLint config block per module: a relative import that climbs into a module it may not use is an error. */
export function moduleEdgeRules() {
  return MODULES.map((module) => {
    const allowed = new Set([module, ...MODULE_EDGES[module]]);
    const forbidden = MODULES.filter((m) => !allowed.has(m));
    const patterns = forbidden.map((target) => ({
      regex: `^(\\.\\./)+${escape(target)}/`,
      message: `src/${module} may not import src/${target} (module edges: tools/lint/module-edges.mjs).`,
    }));
    if (!allowed.has('(root)'))
      patterns.push({ regex: '^(\\.\\./)+(app\\.module|app\\.factory|main)\\.js$', message: `src/${module} may not import the app's root files.` });
    return { files: [`src/${module}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
}
