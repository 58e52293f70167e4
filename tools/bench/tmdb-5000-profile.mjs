// The distributions of the TMDB 5000 file (measured once on tmdb_5000_movies.csv, 4,803 rows),
// so the generator works without the file. Quantile tables are read as piecewise-linear inverse CDFs.

/** Probabilities 0, 5, 10, 20 … 90, 95, 99, 100 % for the quantile tables below. */
export const QUANTILE_POINTS = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];

export const QUANTILES = {
  budget: [1, 1e6, 2159280, 6e6, 11e6, 16e6, 23e6, 30e6, 40e6, 60e6, 90e6, 130e6, 200e6, 380e6],
  revenueAlone: [5, 742898, 3325038, 10629321, 20211394, 33697647, 51801187, 77112176, 113916474, 171120329, 303025485, 463e6, 919838758, 2787965087],
  revenueOverBudget: [0.00026, 0.181, 0.398, 0.821, 1.253, 1.787, 2.303, 2.948, 3.824, 5.244, 8.896, 15.29, 66.9, 300],
  voteCount: [0, 4, 12, 36, 76, 139, 235, 370, 581, 958, 1840, 3041, 6173, 13752],
  voteAverage: [0.5, 4.5, 5, 5.5, 5.8, 6, 6.2, 6.5, 6.7, 7, 7.3, 7.6, 8.1, 10],
  popularity: [0, 0.3626, 1.278, 3.455, 6.082, 9.12, 12.92, 17.72, 24.01, 33.56, 48.83, 67.39, 121, 875.6],
  runtime: [60, 83, 87, 91, 96, 99, 103, 108, 114, 121, 132, 144, 178, 338],
  year: [1916, 1979, 1988, 1997, 2000, 2003, 2005, 2007, 2010, 2012, 2014, 2015, 2016, 2017],
  overviewChars: [20, 107, 128, 160, 197, 236, 283, 327, 372, 412, 500, 623, 865, 1000],
  taglineChars: [8, 10, 12, 14, 21, 27, 32, 37, 44, 53, 68, 81, 121, 252],
  titleChars: [2, 5, 7, 9, 10, 12, 14, 15, 18, 21, 26, 32, 43, 86],
};

/** Shares of the file: unknown (0) money, and revenue unknown given the budget is unknown. */
export const SHARES = {
  budgetUnknown: 0.216,
  revenueUnknownGivenBudgetUnknown: 0.858,
  // (0.297 − 0.216 × 0.858) ÷ 0.784, so that about 29.7 % of revenues are unknown overall.
  revenueUnknownGivenBudgetKnown: 0.1425,
  noReleaseDate: 1 / 4803,
  runtimeUnknown: 37 / 4803,
  emptyTagline: 844 / 4803,
  emptyHomepage: 3091 / 4803,
  voteCountZero: 62 / 4803,
};

/** [value, rows] as counted in the file. */
export const LANGUAGES = [
  ['en', 4505], ['fr', 70], ['es', 32], ['zh', 27], ['de', 27], ['hi', 19], ['ja', 16], ['it', 14], ['cn', 12], ['ru', 11], ['ko', 11],
  ['pt', 9], ['da', 7], ['sv', 5], ['nl', 4], ['fa', 4], ['th', 3], ['he', 3], ['ta', 2], ['cs', 2], ['ar', 2], ['id', 2], ['ro', 2],
  ['te', 1], ['xx', 1], ['hu', 1], ['is', 1], ['tr', 1], ['nb', 1], ['af', 1], ['pl', 1], ['vi', 1], ['ky', 1], ['no', 1], ['sl', 1], ['ps', 1], ['el', 1],
];

export const GENRES = [
  [{ id: 18, name: 'Drama' }, 2297], [{ id: 35, name: 'Comedy' }, 1722], [{ id: 53, name: 'Thriller' }, 1274], [{ id: 28, name: 'Action' }, 1154],
  [{ id: 10749, name: 'Romance' }, 894], [{ id: 12, name: 'Adventure' }, 790], [{ id: 80, name: 'Crime' }, 696], [{ id: 878, name: 'Science Fiction' }, 535],
  [{ id: 27, name: 'Horror' }, 519], [{ id: 10751, name: 'Family' }, 513], [{ id: 14, name: 'Fantasy' }, 424], [{ id: 9648, name: 'Mystery' }, 348],
  [{ id: 16, name: 'Animation' }, 234], [{ id: 36, name: 'History' }, 197], [{ id: 10402, name: 'Music' }, 185], [{ id: 10752, name: 'War' }, 144],
  [{ id: 99, name: 'Documentary' }, 110], [{ id: 37, name: 'Western' }, 82], [{ id: 10769, name: 'Foreign' }, 34], [{ id: 10770, name: 'TV Movie' }, 8],
];

/** How many genres, keywords, companies, countries and spoken languages a movie has. */
export const LIST_LENGTHS = {
  genres: [[3, 1525], [2, 1490], [1, 900], [4, 636], [5, 187], [6, 33], [0, 28], [7, 4]],
  keywords: [[5, 457], [0, 412], [4, 387], [6, 384], [3, 344], [7, 327], [1, 288], [2, 283], [8, 248], [9, 228], [11, 220], [10, 199], [12, 162], [13, 128], [15, 108], [14, 103], [16, 93], [17, 87], [19, 55], [18, 50], [20, 45], [22, 41], [21, 36], [23, 25], [30, 22], [24, 17], [25, 14], [26, 13], [27, 13], [29, 8], [28, 6]],
  companies: [[1, 1066], [2, 1062], [3, 916], [4, 587], [0, 351], [5, 321], [6, 218], [7, 118], [8, 61], [9, 46], [10, 16], [11, 12], [12, 5], [13, 3], [14, 4], [15, 17]],
  countries: [[1, 3383], [2, 851], [3, 275], [0, 174], [4, 93], [5, 20], [6, 2], [7, 2], [8, 3]],
  spoken: [[1, 3355], [2, 841], [3, 308], [4, 133], [0, 86], [5, 51], [6, 19], [7, 6], [8, 4]],
};

export const SPOKEN = [
  [{ iso_639_1: 'en', name: 'English' }, 4485], [{ iso_639_1: 'fr', name: 'Français' }, 437], [{ iso_639_1: 'es', name: 'Español' }, 351],
  [{ iso_639_1: 'de', name: 'Deutsch' }, 262], [{ iso_639_1: 'it', name: 'Italiano' }, 188], [{ iso_639_1: 'ru', name: 'Pусский' }, 185],
  [{ iso_639_1: 'zh', name: '普通话' }, 107], [{ iso_639_1: 'ja', name: '日本語' }, 97], [{ iso_639_1: 'pt', name: 'Português' }, 68],
  [{ iso_639_1: 'ar', name: 'العربية' }, 67], [{ iso_639_1: 'pl', name: 'Polski' }, 53], [{ iso_639_1: 'la', name: 'Latin' }, 52],
  [{ iso_639_1: 'hi', name: 'हिन्दी' }, 48], [{ iso_639_1: 'cn', name: '广州话 / 廣州話' }, 48], [{ iso_639_1: 'hu', name: 'Magyar' }, 42],
  [{ iso_639_1: 'th', name: 'ภาษาไทย' }, 40], [{ iso_639_1: 'cs', name: 'Český' }, 38], [{ iso_639_1: 'he', name: 'עִבְרִית' }, 33],
  [{ iso_639_1: 'ko', name: '한국어/조선말' }, 31], [{ iso_639_1: 'sv', name: 'svenska' }, 22], [{ iso_639_1: 'el', name: 'ελληνικά' }, 20],
];

export const COUNTRIES = [
  [{ iso_3166_1: 'US', name: 'United States of America' }, 3956], [{ iso_3166_1: 'GB', name: 'United Kingdom' }, 636], [{ iso_3166_1: 'DE', name: 'Germany' }, 324],
  [{ iso_3166_1: 'FR', name: 'France' }, 306], [{ iso_3166_1: 'CA', name: 'Canada' }, 261], [{ iso_3166_1: 'AU', name: 'Australia' }, 110],
  [{ iso_3166_1: 'IT', name: 'Italy' }, 72], [{ iso_3166_1: 'ES', name: 'Spain' }, 71], [{ iso_3166_1: 'CN', name: 'China' }, 59], [{ iso_3166_1: 'JP', name: 'Japan' }, 58],
  [{ iso_3166_1: 'IN', name: 'India' }, 54], [{ iso_3166_1: 'HK', name: 'Hong Kong' }, 48], [{ iso_3166_1: 'IE', name: 'Ireland' }, 37],
];

export const COMPANIES = [
  ['Warner Bros.', 6194], ['Universal Pictures', 33], ['Paramount Pictures', 4], ['Twentieth Century Fox Film Corporation', 306], ['Columbia Pictures', 5],
  ['New Line Cinema', 12], ['Metro-Goldwyn-Mayer (MGM)', 8411], ['Touchstone Pictures', 9195], ['Walt Disney Pictures', 2], ['Relativity Media', 7295],
  ['Miramax Films', 14], ['Village Roadshow Pictures', 79], ['DreamWorks SKG', 27], ['Canal+', 5358], ['United Artists', 60], ['Regency Enterprises', 508],
  ['Fox Searchlight Pictures', 43], ['Dune Entertainment', 444], ['Lionsgate', 1632], ['Summit Entertainment', 491], ['Working Title Films', 10163],
];

export const KEYWORDS = [
  'woman director', 'independent film', 'duringcreditsstinger', 'based on novel', 'murder', 'aftercreditsstinger', 'violence', 'dystopia', 'sport',
  'revenge', 'friendship', 'musical', 'biography', 'teenager', '3d', 'love', 'sequel', 'suspense', 'new york', 'police', 'los angeles', 'high school',
  'alien', 'prison', 'superhero', 'family', 'london england', 'drug', 'dying and death', 'father son relationship', 'daughter', 'world war ii',
  'kidnapping', 'wedding', 'remake', 'serial killer', 'magic', 'friends', 'corruption', 'escape', 'based on comic book', 'hospital', 'party',
  'time travel', 'based on true story', 'martial arts', 'airplane', 'investigation', 'survival', 'fbi', 'money', 'future', 'fight', 'best friend',
];

export const WORDS = (
  'the a of and to in his her their young man woman life world new story family love war city one who when after must find finds years '
  + 'old friend friends secret journey home night dark last first time father mother son daughter team against forced past lost save '
  + 'begins becomes small town mysterious plan dangerous help discover true king power fight death island school group brother sister '
  + 'himself herself together while way between back only own help mission future heart truth escape hunt killer ancient island rival'
).split(' ');
