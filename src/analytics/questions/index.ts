import { budgetBands } from './budget-bands.question.js';
import { dataQuality } from './data-quality.question.js';
import { explore } from './explore.question.js';
import { extremes } from './extremes.question.js';
import { genreLanguage } from './genre-language.question.js';
import { genres } from './genres.question.js';
import { languages } from './languages.question.js';
import type { QuestionUnit } from './question.js';
import { revenueVsBudget } from './revenue-vs-budget.question.js';
import { topMovies } from './top-movies.question.js';
import { topRatedYears } from './top-rated-years.question.js';
import { topRevenuePerYear } from './top-revenue-per-year.question.js';

/** Every business question, in the order the index and the API docs list them. */
export const QUESTION_UNITS = [
  languages,
  topRatedYears,
  genres,
  extremes,
  topMovies,
  topRevenuePerYear,
  revenueVsBudget,
  dataQuality,
  genreLanguage,
  budgetBands,
  explore,
] as const;

export type AnswerName = (typeof QUESTION_UNITS)[number]['name'];

/** The questions by name. */
export const QUESTIONS = Object.fromEntries(QUESTION_UNITS.map((unit) => [unit.name, unit])) as unknown as Record<AnswerName, QuestionUnit>;
