/** TMDB uses a few codes outside ISO 639-1; Intl does not know them. */
const TMDB_SPECIAL: Record<string, string> = { cn: 'Cantonese', xx: 'No Language', sh: 'Serbo-Croatian' };

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
const cache = new Map<string, string | null>();

/** English name of an original-language code ("fr" → "French"), null when unknown. */
export function languageName(code: string | null): string | null {
  if (!code) return null;
  let name = cache.get(code);
  if (name === undefined) {
    name = TMDB_SPECIAL[code] ?? safeOf(code);
    cache.set(code, name);
  }
  return name;
}

function safeOf(code: string): string | null {
  try {
    const name = displayNames.of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}
