import type { Page } from 'playwright-core';

/**
 * A test double of the `tableau` object of the WDC 2.x API, in the manner of Tableau's
 * open-source simulator: the connector registers itself, the host calls init, then (in
 * the gather-data phase) getSchema and getData per table, checking every callback and
 * every row against the declared schema. Installed with page.addInitScript before the
 * page's own scripts run, so the page finds `window.tableau` already there.
 */
export type WdcPhase = 'interactive' | 'auth' | 'gatherData';

export interface SimulatorOptions {
  phase: WdcPhase;
  connectionData?: string;
  connectionName?: string;
  password?: string;
}

export interface WdcColumn {
  id: string;
  alias?: string;
  description?: string;
  dataType: string;
}

export interface WdcTableInfo {
  id: string;
  alias?: string;
  description?: string;
  columns: WdcColumn[];
  incrementColumnId?: string;
}

export interface WdcSchema {
  tables: WdcTableInfo[];
  standardConnections: unknown[];
}

export type WdcRow = Record<string, unknown>;

export interface WdcDataResult {
  rows: WdcRow[];
  appendCalls: number;
}

export interface SimulatorState {
  phase: WdcPhase;
  registered: boolean;
  initialized: boolean;
  submitted: boolean;
  connectionName: string;
  connectionData: string;
  password: string;
  authType: string;
  progress: string[];
  log: string[];
  errors: string[];
}

interface SimulatorApi {
  state: SimulatorState;
  ready: Promise<void>;
  getSchema(): Promise<WdcSchema>;
  getData(tableId: string, incrementValue?: string): Promise<WdcDataResult>;
}

type SimulatorWindow = { __wdcSimulator: SimulatorApi };

/** Runs inside the page (serialized by Playwright): self-contained, no imports, no outer variables. */
export function installTableauSimulator(options: SimulatorOptions): void {
  const phaseEnum = { interactivePhase: 'interactive', authPhase: 'auth', gatherDataPhase: 'gatherData' };
  const dataTypeEnum = { bool: 'bool', date: 'date', datetime: 'datetime', float: 'float', int: 'int', string: 'string', geometry: 'geometry' };
  const state: SimulatorState = {
    phase: options.phase,
    registered: false,
    initialized: false,
    submitted: false,
    connectionName: options.connectionName ?? '',
    connectionData: options.connectionData ?? '',
    password: options.password ?? '',
    authType: 'none',
    progress: [],
    log: [],
    errors: [],
  };
  type Connector = {
    init: (done: () => void) => void;
    shutdown: (done: () => void) => void;
    getSchema?: (callback: (tables: WdcTableInfo[], connections?: unknown[]) => void) => void;
    getData?: (table: unknown, done: () => void) => void;
  };
  let connector: Connector | undefined;
  let schema: WdcSchema | undefined;
  let abort: ((error: Error) => void) | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const fail = (message: string) => {
    state.errors.push(message);
    throw new Error(message);
  };
  const inPhase = (phase: WdcPhase, what: string) => {
    if (state.phase !== phase) fail(`${what} is only allowed in the ${phase} phase, not in ${state.phase}`);
  };
  const ID = /^[A-Za-z0-9_]+$/;
  const validValue: Record<string, (v: unknown) => boolean> = {
    bool: (v) => typeof v === 'boolean',
    int: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && Number.isFinite(v),
    string: (v) => typeof v === 'string',
    date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
    datetime: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z?$/.test(v),
    geometry: (v) => typeof v === 'object',
  };

  const tableau = {
    phaseEnum,
    dataTypeEnum,
    authTypeEnum: { none: 'none', basic: 'basic', custom: 'custom' },
    authPurposeEnum: { ephemeral: 'ephemeral', enduring: 'enduring' },
    columnRoleEnum: { dimension: 'dimension', measure: 'measure' },
    columnTypeEnum: { continuous: 'continuous', discrete: 'discrete' },
    aggTypeEnum: { sum: 'sum', avg: 'avg', median: 'median', count: 'count', countd: 'count_dist' },
    joinEnum: { inner: 'inner', left: 'left' },
    version: '2.3.0',
    platformOS: 'linux',
    platformVersion: 'simulator',
    platformEdition: 'simulator',
    platformBuildNumber: '0',
    locale: 'en-us',
    language: 'en-us',
    username: '',
    get phase() {
      return state.phase;
    },
    get connectionName() {
      return state.connectionName;
    },
    set connectionName(value: string) {
      state.connectionName = value;
    },
    get connectionData() {
      return state.connectionData;
    },
    set connectionData(value: string) {
      if (typeof value !== 'string') fail('tableau.connectionData must be a string (JSON.stringify it)');
      state.connectionData = value;
    },
    get password() {
      return state.password;
    },
    set password(value: string) {
      state.password = value;
    },
    get authType() {
      return state.authType;
    },
    set authType(value: string) {
      state.authType = value;
    },
    makeConnector(): Connector {
      return { init: (done) => done(), shutdown: (done) => done() };
    },
    registerConnector(registered: Connector) {
      if (state.registered) fail('registerConnector was called twice');
      connector = registered;
      state.registered = true;
      // The host calls init once the page has loaded; the connector answers through initCallback.
      const init = () =>
        registered.init(() => {
          state.initialized = true;
          markReady();
        });
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
      else setTimeout(init, 0);
    },
    submit() {
      if (state.phase === 'gatherData') fail('tableau.submit is not allowed in the gatherData phase');
      state.submitted = true;
    },
    log(message: string) {
      state.log.push(String(message));
    },
    reportProgress(message: string) {
      state.progress.push(String(message));
    },
    abortWithError(message: string) {
      state.errors.push(String(message));
      abort?.(new Error(`abortWithError: ${message}`));
    },
    abortForAuth(message: string) {
      state.errors.push(`abortForAuth: ${message}`);
      abort?.(new Error(`abortForAuth: ${message}`));
    },
  };

  type Connection = {
    alias?: string;
    tables?: { id: string; alias: string }[];
    joins?: { left: { tableAlias: string; columnId: string }; right: { tableAlias: string; columnId: string }; joinType: string }[];
  };

  function checkConnections(tables: WdcTableInfo[], connections: Connection[]): void {
    for (const connection of connections) {
      const aliases = new Map<string, WdcTableInfo | undefined>((connection.tables ?? []).map((t) => [t.alias, tables.find((info) => info.id === t.id)]));
      for (const [alias, info] of aliases) if (!info) fail(`standard connection ${connection.alias}: ${alias} is not a declared table`);
      for (const join of connection.joins ?? []) {
        if (!['inner', 'left'].includes(join.joinType))
          fail(`standard connection ${connection.alias}: joinType ${join.joinType} is not one of tableau.joinEnum`);
        for (const side of [join.left, join.right]) {
          const info = aliases.get(side.tableAlias);
          if (!info?.columns.some((c) => c.id === side.columnId))
            fail(`standard connection ${connection.alias}: ${side.tableAlias}.${side.columnId} is not a declared column`);
        }
      }
    }
  }

  function checkSchema(tables: WdcTableInfo[]): void {
    if (!Array.isArray(tables) || tables.length === 0) fail('schemaCallback needs a non-empty array of tableInfo objects');
    for (const table of tables) {
      if (!ID.test(table.id)) fail(`table id ${table.id} may hold letters, digits and underscores only`);
      if (!Array.isArray(table.columns) || table.columns.length === 0) fail(`table ${table.id} declares no columns`);
      for (const column of table.columns) {
        if (!ID.test(column.id)) fail(`column id ${table.id}.${column.id} may hold letters, digits and underscores only`);
        if (!Object.values(dataTypeEnum).includes(column.dataType))
          fail(`column ${table.id}.${column.id} has dataType ${column.dataType}, not one of tableau.dataTypeEnum`);
      }
      if (table.incrementColumnId && !table.columns.some((c) => c.id === table.incrementColumnId))
        fail(`table ${table.id}: incrementColumnId ${table.incrementColumnId} is not one of its columns`);
    }
  }

  function checkRow(info: WdcTableInfo, row: unknown, index: number): WdcRow {
    const named: WdcRow = {};
    if (Array.isArray(row)) info.columns.forEach((c, i) => (named[c.id] = row[i]));
    else if (row && typeof row === 'object') Object.assign(named, row);
    else fail(`${info.id} row ${index} is neither an object nor an array`);
    for (const key of Object.keys(named))
      if (!info.columns.some((c) => c.id === key)) fail(`${info.id} row ${index} has ${key}, which the schema does not declare`);
    for (const column of info.columns) {
      const value = named[column.id];
      if (value !== null && value !== undefined && !validValue[column.dataType](value)) {
        fail(`${info.id} row ${index}: ${column.id} = ${JSON.stringify(value)} is not a ${column.dataType}`);
      }
    }
    return named;
  }

  function withAbort<T>(run: (resolve: (value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      abort = reject;
      try {
        run(resolve);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }).finally(() => (abort = undefined));
  }

  const api: SimulatorApi = {
    state,
    ready,
    getSchema() {
      inPhase('gatherData', 'getSchema');
      if (!connector?.getSchema) fail('the connector has no getSchema');
      return withAbort<WdcSchema>((resolve) =>
        connector!.getSchema!((tables, standardConnections = []) => {
          checkSchema(tables);
          checkConnections(tables, standardConnections as Connection[]);
          schema = { tables, standardConnections };
          resolve(schema);
        }),
      );
    },
    getData(tableId, incrementValue) {
      inPhase('gatherData', 'getData');
      const info = schema?.tables.find((t) => t.id === tableId);
      if (!info) fail(`getData(${tableId}) before getSchema declared that table`);
      const rows: WdcRow[] = [];
      let appendCalls = 0;
      const table = {
        tableInfo: info!,
        incrementValue: incrementValue ?? '',
        isJoinFiltered: false,
        filterColumnId: '',
        filterValues: [],
        appendRows(batch: unknown[]) {
          if (!Array.isArray(batch)) fail(`${tableId}: appendRows needs an array`);
          appendCalls += 1;
          batch.forEach((row) => rows.push(checkRow(info!, row, rows.length)));
        },
      };
      return withAbort<WdcDataResult>((resolve) => connector!.getData!(table, () => resolve({ rows, appendCalls })));
    },
  };
  Object.assign(window, { tableau, __wdcSimulator: api });
}

/** Loads the WDC page with the simulator in place and waits for the connector's init. */
export async function openWithSimulator(page: Page, url: string, options: SimulatorOptions): Promise<void> {
  await page.addInitScript(installTableauSimulator, options);
  await page.goto(url);
  await page.evaluate(() => (window as unknown as SimulatorWindow).__wdcSimulator.ready);
}

export function simulatorState(page: Page): Promise<SimulatorState> {
  return page.evaluate(() => (window as unknown as SimulatorWindow).__wdcSimulator.state);
}

export function simulatorSchema(page: Page): Promise<WdcSchema> {
  return page.evaluate(() => (window as unknown as SimulatorWindow).__wdcSimulator.getSchema());
}

export function simulatorData(page: Page, tableId: string, incrementValue?: string): Promise<WdcDataResult> {
  return page.evaluate(([id, since]) => (window as unknown as SimulatorWindow).__wdcSimulator.getData(id, since), [tableId, incrementValue] as const);
}
