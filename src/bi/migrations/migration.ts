/** One versioned step of the BI schema: applied once, in order, in its own transaction, recorded in bi_internal.schema_migrations. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
