/* global window, document */
// The Tableau Web Data Connector (WDC 2.x API). Interactive phase: the user picks a page
// size (and an API key) and submits. Gather-data phase: Tableau asks for the schema, then
// for each table's rows, which we read page by page from /analytics/tables/*.
// Plain ES2017 without `?.`/`??`: Tableau's embedded browsers can be old Chromiums.
(function () {
  'use strict';
  var tableau = window.tableau;
  var DEFAULT_PAGE_SIZE = 1000;
  var MAX_RATE_LIMIT_WAITS = 10;
  var TABLES = [
    { id: 'movies', path: '/analytics/tables/movies', alias: 'Movies', incremental: true },
    { id: 'movie_genres', path: '/analytics/tables/movie-genres', alias: 'Movie genres' },
    { id: 'languages', path: '/analytics/tables/languages', alias: 'Ratings by language' },
    { id: 'genres', path: '/analytics/tables/genres', alias: 'Movies per genre' },
    { id: 'top_rated_years', path: '/analytics/tables/top-rated-years', alias: 'Top-rated movies per year' },
    { id: 'top_revenue_per_year', path: '/analytics/tables/top-revenue-per-year', alias: 'Top revenues per year' },
    { id: 'revenue_budget_points', path: '/analytics/tables/revenue-budget-points', alias: 'Revenue and budget points' },
  ];
  // Offered in Tableau's table list as one ready-made join: every movie with each of its genres.
  var MOVIES_WITH_GENRES = {
    alias: 'Movies with their genres',
    tables: [
      { id: 'movies', alias: 'Movies' },
      { id: 'movie_genres', alias: 'Movie genres' },
    ],
    joins: [{ left: { tableAlias: 'Movies', columnId: 'tmdbId' }, right: { tableAlias: 'Movie genres', columnId: 'tmdbId' }, joinType: 'left' }],
  };
  var TYPES = {
    int: tableau.dataTypeEnum.int,
    float: tableau.dataTypeEnum.float,
    string: tableau.dataTypeEnum.string,
    date: tableau.dataTypeEnum.date,
    datetime: tableau.dataTypeEnum.datetime,
    bool: tableau.dataTypeEnum.bool,
    boolean: tableau.dataTypeEnum.bool,
  };

  function settings() {
    var data;
    try {
      data = JSON.parse(tableau.connectionData || '{}');
    } catch {
      data = {};
    }
    var pageSize = parseInt(data.pageSize, 10);
    return { pageSize: pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE };
  }

  function tableById(id) {
    return TABLES.filter(function (t) {
      return t.id === id;
    })[0];
  }

  async function getPage(table, query) {
    var params = Object.keys(query)
      .filter(function (k) {
        return query[k] !== undefined && query[k] !== null;
      })
      .map(function (k) {
        return encodeURIComponent(k) + '=' + encodeURIComponent(query[k]);
      });
    var headers = { Accept: 'application/json' };
    if (tableau.password) headers['x-api-key'] = tableau.password;
    var url = table.path + '?' + params.join('&');
    var response = await fetch(url, { headers: headers });
    // Large pulls can meet the per-client rate limit: wait as told and read the page again.
    for (var attempt = 1; response.status === 429 && attempt <= MAX_RATE_LIMIT_WAITS; attempt++) {
      var seconds = Math.min(Math.max(parseInt(response.headers.get('Retry-After'), 10) || 1, 1), 60);
      tableau.reportProgress(table.id + ': rate limited, waiting ' + seconds + ' s');
      await new Promise(function (resolve) {
        window.setTimeout(resolve, seconds * 1000);
      });
      response = await fetch(url, { headers: headers });
    }
    if (!response.ok) {
      var detail;
      try {
        var body = await response.json();
        detail = ': ' + (Array.isArray(body.message) ? body.message.join('; ') : body.message);
      } catch {
        detail = '';
      }
      throw new Error(table.path + ' answered ' + response.status + detail);
    }
    return response.json();
  }

  // Tableau ids allow letters, digits and underscores only.
  function safeId(id) {
    return String(id).replace(/[^A-Za-z0-9_]/g, '_');
  }

  function humanize(id) {
    var words = String(id)
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_.-]+/g, ' ')
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  async function describe(table) {
    var first = await getPage(table, { page: 1, pageSize: 1 });
    var columns = first.columns.map(function (column) {
      var type = TYPES[column.type];
      if (!type) throw new Error(table.id + '.' + column.id + ' has a column type Tableau cannot take: ' + column.type);
      return { id: safeId(column.id), alias: column.alias || humanize(column.id), description: column.description || '', dataType: type };
    });
    var info = { id: table.id, alias: table.alias, description: first.description || table.alias, columns: columns };
    if (table.incremental) info.incrementColumnId = incrementColumn(first.columns);
    return info;
  }

  function incrementColumn(columns) {
    var found = columns.filter(function (c) {
      return c.type === 'datetime' && /^updated_?at$/i.test(c.id);
    })[0];
    if (!found) throw new Error('the movies table has no updatedAt datetime column to refresh by');
    return safeId(found.id);
  }

  // Tableau reads datetimes as "YYYY-MM-DD HH:MM:SS.sss" (UTC here) and hands the same back as incrementValue.
  function toTableauDatetime(value) {
    if (value === null || value === undefined || value === '') return null;
    return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  }

  function fromTableauDatetime(value) {
    var text = String(value).trim().replace(' ', 'T');
    var date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : text + 'Z');
    if (isNaN(date.getTime())) throw new Error('incremental refresh value is not a date: ' + value);
    return date;
  }

  function converter(columns) {
    return function (row) {
      var out = {};
      columns.forEach(function (column, index) {
        var value = Array.isArray(row) ? row[index] : row[column.id];
        if (value === undefined) value = null;
        if (column.type === 'datetime') value = toTableauDatetime(value);
        else if (column.type === 'date' && typeof value === 'string') value = value.slice(0, 10);
        out[safeId(column.id)] = value;
      });
      return out;
    };
  }

  async function gather(table) {
    var definition = tableById(table.tableInfo.id);
    if (!definition) throw new Error('unknown table ' + table.tableInfo.id);
    var pageSize = settings().pageSize;
    var since = null;
    var incrementColumnId = table.tableInfo.incrementColumnId;
    if (definition.incremental && table.incrementValue) since = fromTableauDatetime(table.incrementValue);
    var page = 1;
    var delivered = 0;
    while (page !== null && page !== undefined) {
      var body = await getPage(definition, { page: page, pageSize: pageSize, updatedSince: since ? since.toISOString() : null });
      var rows = body.rows.map(converter(body.columns));
      // The API may include rows updated exactly at `since`; Tableau already holds those.
      if (since) {
        rows = rows.filter(function (row) {
          return fromTableauDatetime(row[incrementColumnId]).getTime() > since.getTime();
        });
      }
      table.appendRows(rows);
      delivered += rows.length;
      tableau.reportProgress(definition.id + ': ' + delivered + ' rows' + (body.total !== undefined ? ' of ' + body.total : ''));
      page = body.nextPage;
    }
  }

  var connector = tableau.makeConnector();

  connector.init = function (initCallback) {
    if (tableau.phase === tableau.phaseEnum.interactivePhase || tableau.phase === tableau.phaseEnum.authPhase) {
      whenReady(function () {
        wireForm(tableau.phase === tableau.phaseEnum.authPhase);
      });
    }
    initCallback();
  };

  connector.getSchema = function (schemaCallback) {
    Promise.all(TABLES.map(describe)).then(
      function (tables) {
        schemaCallback(tables, [MOVIES_WITH_GENRES]);
      },
      function (error) {
        tableau.abortWithError('Could not read the table definitions: ' + error.message);
      },
    );
  };

  connector.getData = function (table, doneCallback) {
    gather(table).then(doneCallback, function (error) {
      tableau.abortWithError('Could not read ' + table.tableInfo.id + ': ' + error.message);
    });
  };

  tableau.registerConnector(connector);

  function whenReady(run) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }

  function wireForm(authOnly) {
    var form = document.getElementById('connect');
    if (authOnly) form.elements.pageSize.parentNode.hidden = true;
    form.elements.pageSize.value = String(settings().pageSize);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var apiKey = form.elements.apiKey.value.trim();
      if (apiKey) {
        tableau.authType = tableau.authTypeEnum.custom;
        tableau.password = apiKey;
      }
      if (!authOnly) {
        tableau.connectionName = 'Movie analytics';
        tableau.connectionData = JSON.stringify({ pageSize: parseInt(form.elements.pageSize.value, 10) || DEFAULT_PAGE_SIZE });
      }
      document.getElementById('status').textContent = 'Handing over to Tableau…';
      tableau.submit();
    });
  }
})();
