import { Injectable, Logger } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

/**
 * Where Tableau publishes the WDC 2.x library (it is not on npm). A copy saved as
 * src/web/public/vendor/tableauwdc-2.3.latest.js (lint-ignored) is served from here instead.
 */
export const WDC_LIBRARY_CDN_URL = 'https://connectors.tableau.com/libs/tableauwdc-2.3.latest.js';
const WDC_LIBRARY_LOCAL_FILE = 'tableauwdc-2.3.latest.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
// Own files change with the code: revalidate by ETag. Vendor files are versioned by package.json.
const OWN_CACHE = 'no-cache';
const VENDOR_CACHE = 'public, max-age=86400';

/**
 * The dashboard and WDC pages and every file they load, read once at boot so a missing
 * file fails the start rather than a user's page. Only the files listed here are served.
 */
@Injectable()
export class WebAssets {
  private readonly logger = new Logger(WebAssets.name);
  private readonly files = new Map<string, WebFile>();
  private readonly pages = new Map<string, string>();
  readonly wdcLibraryUrl: string;

  constructor() {
    const dir = assetsDirectory();
    for (const name of readdirSync(dir)) {
      const extension = extname(name);
      if (extension === '.html') this.pages.set(name, readFileSync(join(dir, name), 'utf8'));
      else if (CONTENT_TYPES[extension])
        this.files.set(`assets/${name}`, { body: readFileSync(join(dir, name)), contentType: CONTENT_TYPES[extension], cacheControl: OWN_CACHE });
    }
    for (const page of ['dashboard.html', 'wdc.html']) if (!this.pages.has(page)) throw new Error(`web page ${page} is missing from ${dir}`);
    const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
    this.files.set('vendor/chart.umd.js', { body: readFileSync(chartJs), contentType: CONTENT_TYPES['.js'], cacheControl: VENDOR_CACHE });

    const localWdc = join(dirname(dir), 'public', 'vendor', WDC_LIBRARY_LOCAL_FILE);
    if (existsSync(localWdc)) {
      this.files.set('vendor/tableauwdc.js', { body: readFileSync(localWdc), contentType: CONTENT_TYPES['.js'], cacheControl: VENDOR_CACHE });
      this.wdcLibraryUrl = '/web/vendor/tableauwdc.js';
    } else {
      this.wdcLibraryUrl = WDC_LIBRARY_CDN_URL;
    }
    this.logger.log(`Serving ${this.files.size} web files from ${dir}; the WDC page loads Tableau's library from ${this.wdcLibraryUrl}`);
  }

  file(path: string): WebFile | undefined {
    return this.files.get(path);
  }

  page(name: 'dashboard' | 'wdc'): string {
    return this.pages.get(`${name}.html`)!.replaceAll('{{wdcLibraryUrl}}', escapeAttribute(this.wdcLibraryUrl));
  }
}

/**
 * Next to this module (src/web/assets, or dist/web/assets when the build copies it),
 * else the sources next to the build (dist/web → src/web/assets), from any working directory.
 */
function assetsDirectory(): string {
  // Next to this module (a build that copied them), else the sources (dist/web → src/web), whatever the working directory.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'assets'), join(here, '..', '..', 'src', 'web', 'assets')];
  const found = candidates.find((dir) => existsSync(join(dir, 'dashboard.html')));
  if (!found) throw new Error(`web assets not found in ${candidates.join(' or ')}: copy src/web/assets into the build (nest-cli.json "assets")`);
  return found;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
