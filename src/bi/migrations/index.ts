import type { Migration } from './migration.js';
import { tables } from './001-tables.js';
import { answerViews } from './002-answer-views.js';

export { ANSWER_VIEWS, type AnswerViewDoc, type AnswerViewSource } from './002-answer-views.js';

/** Every migration, in version order. */
export const MIGRATIONS: readonly Migration[] = [tables, answerViews];
