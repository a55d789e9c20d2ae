import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CrunSimulator, type FaultRule, startSimulator } from '../src/index.js';
import { fetchFailure, getAssetInfo, postUpload, readEnvelope } from './support.js';

let sim: CrunSimulator;
let assetId: string;

beforeEach(async () => {
  sim = await startSimulator({ now: () => Date.parse('2026-04-21T02:41:43Z') });
  assetId = sim.addAsset({ processingMs: 0, timestampStyle: 'iso' });
});

afterEach(async () => {
  await sim.close();
});

const upload = { name: 'front', asset_type: 'Image', asset_url: 'https://cdn.example.com/a.png' };

describe('when a rate-limit fault applies', () => {
  it('should answer 429 with Retry-After in delta-seconds', async () => {
    sim.injectFaults([{ kind: 'rate-limit', retryAfter: { seconds: 7 } }]);

    const response = await getAssetInfo(sim, assetId);

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await readEnvelope(response)).code).toBe(429);
  });

  it('should answer 429 with Retry-After as an HTTP-date', async () => {
    sim.injectFaults([{ kind: 'rate-limit', retryAfter: { httpDate: true, seconds: 30 } }]);

    const response = await getAssetInfo(sim, assetId);

    expect(response.headers.get('retry-after')).toBe('Tue, 21 Apr 2026 02:42:13 GMT');
  });

  it('should leave Retry-After out when none is given', async () => {
    sim.injectFaults([{ kind: 'rate-limit', style: 'body' }]);

    const response = await getAssetInfo(sim, assetId);

    expect(response.status).toBe(200);
    expect(response.headers.has('retry-after')).toBe(false);
    expect((await readEnvelope(response)).code).toBe(429);
  });
});

describe('when an error fault applies', () => {
  it.each([
    [{ kind: 'maintenance' }, 455, 455],
    [{ kind: 'auth' }, 401, 401],
    [{ kind: 'credits' }, 402, 402],
    [{ kind: 'server-error' }, 500, 500],
    [{ kind: 'maintenance', style: 'body' }, 200, 455],
  ] satisfies [FaultRule, number, number][])(
    'should answer %o as HTTP %i with code %i',
    async (rule, status, code) => {
      sim.injectFaults([rule]);

      const response = await getAssetInfo(sim, assetId);

      expect(response.status).toBe(status);
      expect(await readEnvelope(response)).toMatchObject({ code, data: null });
      expect(sim.stats.faults[rule.kind]).toBe(1);
    },
  );

  it('should answer 502/503/504 with a proxy page that is not JSON', async () => {
    sim.injectFaults([{ kind: 'server-error', status: 502 }]);

    const response = await getAssetInfo(sim, assetId);

    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('502 Bad Gateway');
    expect(sim.stats.responses['502']).toBe(1);
  });
});

describe('when a malformed fault applies', () => {
  const read = async (rule: FaultRule): Promise<Response> => {
    sim.injectFaults([rule]);
    return getAssetInfo(sim, assetId);
  };

  it('should send an HTML page', async () => {
    const response = await read({ kind: 'malformed', body: 'html' });

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('should send an empty body', async () => {
    expect(await (await read({ kind: 'malformed', body: 'empty' })).text()).toBe('');
  });

  it('should send JSON cut short', async () => {
    const text = await (await read({ kind: 'malformed', body: 'truncated-json' })).text();

    expect(text.startsWith('{"code":200')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('should send JSON that is not an envelope', async () => {
    const body = await (await read({ kind: 'malformed', body: 'not-envelope' })).json();

    expect(body).not.toHaveProperty('code');
  });

  it('should send an unknown status', async () => {
    const { data } = await readEnvelope(await read({ kind: 'malformed', body: 'unknown-status' }));

    expect(data).toMatchObject({ AssetId: assetId, Status: 'Quarantined' });
  });

  it('should send an unreadable timestamp', async () => {
    const { data } = await readEnvelope(await read({ kind: 'malformed', body: 'bad-timestamp' }));

    expect(data?.CreateTime).toBe('yesterday');
  });

  it('should send an envelope without data', async () => {
    const body = await (await read({ kind: 'malformed', body: 'missing-data' })).json();

    expect(body).toEqual({ code: 200, message: 'success' });
  });

  it('should use the given HTTP status', async () => {
    const response = await read({ kind: 'malformed', body: 'html', httpStatus: 503 });

    expect(response.status).toBe(503);
    expect(sim.stats.responses.malformed).toBe(1);
  });
});

describe('when the connection misbehaves', () => {
  it('should reset the socket without answering', async () => {
    sim.injectFaults([{ kind: 'reset' }]);

    const cause = await fetchFailure(getAssetInfo(sim, assetId));

    expect(cause).toMatchObject({ code: 'ECONNRESET' });
    expect(sim.stats.responses.reset).toBe(1);
  });

  it('should stay silent, then drop the socket, on a hang', async () => {
    sim.injectFaults([{ kind: 'hang', ms: 50 }]);
    const started = Date.now();

    await fetchFailure(getAssetInfo(sim, assetId));

    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sim.stats.responses.hang).toBe(1);
  });

  it('should look like a timeout to a client that gives up first', async () => {
    sim.injectFaults([{ kind: 'hang', ms: 10_000 }]);

    const failure = await fetchFailure(
      getAssetInfo(sim, assetId, {
        headers: { 'x-api-key': 'sim-key' },
        signal: AbortSignal.timeout(50),
      }),
    );

    expect(failure).toMatchObject({ name: 'TimeoutError' });
  });

  it('should close promptly while a request hangs', async () => {
    sim.injectFaults([{ kind: 'hang', ms: 10_000 }]);
    const pending = fetchFailure(getAssetInfo(sim, assetId));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();

    await sim.close();
    await pending;

    expect(Date.now() - started).toBeLessThan(500);
  });

  it('should delay the answer and keep evaluating later rules on latency', async () => {
    sim.injectFaults([
      { kind: 'latency', ms: 60 },
      { kind: 'maintenance', count: 1 },
    ]);

    const started = Date.now();
    const first = await getAssetInfo(sim, assetId);
    const second = await getAssetInfo(sim, assetId);

    expect(first.status).toBe(455);
    expect(second.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(sim.stats.faults.latency).toBe(2);
  });
});

describe('when rules are limited', () => {
  it('should stop applying a rule after count times', async () => {
    sim.injectFaults([{ kind: 'rate-limit', count: 2 }]);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await getAssetInfo(sim, assetId)).status);
    }

    expect(statuses).toEqual([429, 429, 200, 200]);
  });

  it('should roll probability the same way for the same seed', async () => {
    const roll = async (): Promise<number[]> => {
      const simulator = await startSimulator({ seed: 1234 });
      const id = simulator.addAsset({ processingMs: 0 });
      simulator.injectFaults([{ kind: 'rate-limit', probability: 0.5 }]);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        statuses.push((await getAssetInfo(simulator, id)).status);
      }
      await simulator.close();
      return statuses;
    };

    const first = await roll();
    const second = await roll();

    expect(first).toEqual(second);
    expect(first).toContain(429);
    expect(first).toContain(200);
  });

  it('should only hit the listed paths', async () => {
    sim.injectFaults([{ kind: 'maintenance', paths: ['upload'] }]);

    const read = await getAssetInfo(sim, assetId);
    const uploaded = await postUpload(sim, upload);

    expect(read.status).toBe(200);
    expect(uploaded.status).toBe(455);
  });

  it('should only hit the listed asset IDs', async () => {
    const other = sim.addAsset({ processingMs: 0 });
    sim.injectFaults([{ kind: 'maintenance', assetIds: [other] }]);

    const untouched = await getAssetInfo(sim, assetId);
    const hit = await getAssetInfo(sim, other);
    const uploaded = await postUpload(sim, upload);

    expect(untouched.status).toBe(200);
    expect(hit.status).toBe(455);
    expect(uploaded.status).toBe(200);
  });

  it('should go back to normal answers once cleared', async () => {
    sim.injectFaults([{ kind: 'maintenance' }]);
    sim.clearFaults();

    expect((await getAssetInfo(sim, assetId)).status).toBe(200);
  });

  it('should check the key before any fault', async () => {
    sim.injectFaults([{ kind: 'maintenance' }]);

    const response = await getAssetInfo(sim, assetId, { headers: {} });

    expect(response.status).toBe(401);
    expect(sim.stats.faults.maintenance).toBe(0);
  });
});

describe('when a rule is invalid', () => {
  it.each([
    [{ kind: 'explode' }],
    [{ kind: 'rate-limit', probability: 2 }],
    [{ kind: 'rate-limit', count: 1.5 }],
    [{ kind: 'latency' }],
    [{ kind: 'malformed', body: 'weird' }],
    [{ kind: 'server-error', status: 418 }],
    [{ kind: 'reset', paths: ['status'] }],
    [{ kind: 'reset', probabilty: 0.5 }],
  ])('should refuse %o', (rule) => {
    expect(() => sim.injectFaults([rule as unknown as FaultRule])).toThrow(/rules\[0\]/);
  });
});
