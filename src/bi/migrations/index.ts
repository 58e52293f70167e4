import type { Migration } from './migration.js';
import { tables } from './001-tables.js';

/** Every migration, in version order. */
export const MIGRATIONS: readonly Migration[] = [tables];
