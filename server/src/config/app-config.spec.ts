import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe(loadConfig.name, () => {
  it('applies the contract defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, PUBLIC_REPORTS_PER_MINUTE: 10 });
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.ADMIN_TOKEN).toBeUndefined();
  });

  it('reads the documented variables', () => {
    const c = loadConfig({ PORT: '8080', REDIS_URL: 'redis://cache:6379/2', ADMIN_TOKEN: 'x'.repeat(20), PUBLIC_REPORTS_PER_MINUTE: '0' });
    expect(c).toMatchObject({ PORT: 8080, REDIS_URL: 'redis://cache:6379/2', PUBLIC_REPORTS_PER_MINUTE: 0 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['ADMIN_TOKEN', 'short'],
    ['PUBLIC_REPORTS_PER_MINUTE', '-1'],
    ['FUSION_INTERVAL_MS', 'soon'],
    ['FUSION_INTERVAL_MS', '-5'],
    ['LIVE_LINK_WAIT_MS', '5000'],
  ])('fails fast naming %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
