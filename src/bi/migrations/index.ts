import type { Migration } from './migration.js';
import { tables } from './001-tables.js';
import { ANSWER_VIEWS as HEADLINE_ANSWER_VIEWS, answerViews, type AnswerViewDoc } from './002-answer-views.js';
import { GROUP_ANSWER_VIEWS, groupAnswerViews } from './003-group-answer-views.js';

export type { AnswerViewDoc, AnswerViewSource } from './002-answer-views.js';

/** Every migration, in version order. */
export const MIGRATIONS: readonly Migration[] = [tables, answerViews, groupAnswerViews];

/** Every answer view (migrations 2 and 3) and the API requests it equals: for the docs and the tests. */
export const ANSWER_VIEWS: readonly AnswerViewDoc[] = [...HEADLINE_ANSWER_VIEWS, ...GROUP_ANSWER_VIEWS];
