import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to Kota Tangerang on port 3000 with the embedded database', () => {
    const c = loadConfig({}, '1.2.3');
    expect(c).toMatchObject({
      port: 3000,
      deploymentArea: '36.71',
      databaseUrl: undefined,
      demo: true,
      version: '1.2.3',
    });
    expect(c.dataDir).toMatch(/data$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('accepts another regency in plain digits and reads flags', () => {
    const c = loadConfig({ BANGKIT_AREA: '3273', PORT: '8080', BANGKIT_DEMO: '0' });
    expect(c).toMatchObject({ deploymentArea: '32.73', port: 8080, demo: false });
  });

  it('fails fast with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', BANGKIT_AREA: '36.71.05', DATABASE_URL: 'nope' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', BANGKIT_AREA: '36.71.05' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/BANGKIT_AREA/);
    }
  });

  it('trusts no proxy unless BANGKIT_TRUST_PROXY names a hop count or the proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ BANGKIT_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ BANGKIT_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ BANGKIT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/8']) {
      expect(() => loadConfig({ BANGKIT_TRUST_PROXY: bad }), bad).toThrow(/BANGKIT_TRUST_PROXY/);
    }
  });

  it('reads the public URL as an origin', () => {
    expect(loadConfig({}).publicOrigin).toBeUndefined();
    expect(loadConfig({ BANGKIT_PUBLIC_URL: 'https://bangkit.tangerangkota.go.id/app/' }).publicOrigin).toBe(
      'https://bangkit.tangerangkota.go.id',
    );
    expect(() => loadConfig({ BANGKIT_PUBLIC_URL: 'ftp://x.example' })).toThrow(/BANGKIT_PUBLIC_URL/);
  });
});
