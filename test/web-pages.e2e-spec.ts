import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * What the dashboard and the Tableau connector pages promise over plain HTTP: the headers, the
 * files served and the ones refused. No browser needed, so this suite always runs
 * (the browser suite, `web.e2e-spec.ts`, needs chromium).
 */
describe('dashboard and connector pages over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('redirects / to the dashboard and serves both pages with a CSP that allows only their own files', async () => {
    await t.http.get('/').expect(302).expect('Location', '/dashboard');
    for (const path of ['/dashboard', '/wdc']) {
      const res = await t.http
        .get(path)
        .expect(200)
        .expect('Content-Type', /text\/html/);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
      expect(res.text).not.toMatch(/\sstyle=|<style/); // no inline style
    }
    expect((await t.http.get('/wdc')).headers['content-security-policy']).toContain("script-src 'self' https://connectors.tableau.com");
    expect((await t.http.get('/dashboard')).headers['content-security-policy']).toContain("script-src 'self';");
  });

  it('serves its own assets and chart.js from node_modules, nothing else (no path traversal)', async () => {
    const chartJs = await t.http
      .get('/web/vendor/chart.umd.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    expect(chartJs.text).toBe(readFileSync('node_modules/chart.js/dist/chart.umd.js', 'utf8'));
    for (const file of ['dashboard.js', 'charts.js', 'api.js', 'dashboard.css', 'wdc.js', 'wdc-loader.js', 'wdc.css']) {
      await t.http.get(`/web/assets/${file}`).expect(200);
    }
    await t.http.get('/web/assets/dashboard.html').expect(404);
    await t.http.get('/web/assets/..%2Fweb.controller.ts').expect(404);
    await t.http.get('/web/assets/..%2F..%2F..%2Fpackage.json').expect(404);
    await t.http.get('/web/vendor/tableauwdc.js').expect(404);
  });
});
