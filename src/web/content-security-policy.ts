/**
 * Page-specific Content-Security-Policy: scripts and styles only as files from this
 * origin (no inline code), data only from this API. The WDC page may also load
 * Tableau's connector library from its published origin.
 */
export function dashboardPolicy(): string {
  return serialize({
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    // PNG downloads go through blob: URLs; Chart.js draws on canvas and needs nothing more.
    'img-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  });
}

export function wdcPolicy(wdcLibraryUrl: string): string {
  const library = wdcLibraryUrl.startsWith('/') ? [] : [new URL(wdcLibraryUrl).origin];
  return serialize({
    'default-src': ["'none'"],
    'script-src': ["'self'", ...library],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    // Tableau Desktop opens the connector as a top-level page; framing stays same-origin only.
    'frame-ancestors': ["'self'"],
  });
}

function serialize(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
