import { describe, expect, it } from 'vitest';
import { dashboardPolicy, wdcPolicy } from './content-security-policy.js';

describe('page content security policies', () => {
  it('lets the dashboard run only its own files and call only its own API', () => {
    const policy = dashboardPolicy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-|\*/);
  });

  it("adds the origin of Tableau's WDC library to the connector's scripts, and nothing for a local copy", () => {
    expect(wdcPolicy('https://connectors.tableau.com/libs/tableauwdc-2.3.latest.js')).toContain("script-src 'self' https://connectors.tableau.com;");
    expect(wdcPolicy('/web/vendor/tableauwdc.js')).toContain("script-src 'self';");
    expect(wdcPolicy('/web/vendor/tableauwdc.js')).not.toMatch(/unsafe-|\*/);
  });
});
