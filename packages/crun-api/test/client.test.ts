import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  CrunApiError,
  CrunClient,
  CrunError,
  CrunNetworkError,
  CrunResponseError,
  CrunTimeoutError,
} from '../src/index.js';
import { envelope, startScriptedServer } from './helpers/scripted-server.js';

const API_KEY = 'sk-test-very-secret-0123456789';
const ASSET_ID = 'asset-20260420153000-ab12c';
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');

let server: Awaited<ReturnType<typeof startScriptedServer>>;
let client: CrunClient;
let closedPortUrl: string;

beforeAll(async () => {
  const closed = await startScriptedServer();
  closedPortUrl = closed.url;
  await closed.close();
  server = await startScriptedServer();
  client = new CrunClient({ apiKey: API_KEY, baseUrl: server.url, timeoutMs: 2_000 });
});

afterEach(() => {
  server.seen.length = 0;
});

afterAll(() => server.close());

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

describe('getAssetInfo', () => {
  describe('when Crun answers with a documented success', () => {
    it('should read ISO timestamps into Dates', async () => {
      server.answer({ body: fixture('asset-info-active-iso') });

      const asset = await client.getAssetInfo(ASSET_ID);

      expect(asset).toEqual({
        assetId: ASSET_ID,
        name: 'fashion-model-front',
        assetType: 'Image',
        status: 'Active',
        createTime: new Date('2026-04-21T02:41:43Z'),
        updateTime: new Date('2026-04-21T02:41:43Z'),
      });
    });

    it('should read Unix-second timestamps into Dates', async () => {
      server.answer({ body: fixture('asset-info-active-epoch') });

      const asset = await client.getAssetInfo(ASSET_ID);

      expect(asset.createTime.toISOString()).toBe('2026-01-20T09:12:58.000Z');
      expect(asset.updateTime.toISOString()).toBe('2026-01-20T09:13:35.000Z');
    });

    it('should send the key as x-api-key and the ID as the asset_id query value', async () => {
      server.answer({ body: fixture('asset-info-active-iso') });

      await client.getAssetInfo(ASSET_ID);

      const [request] = server.seen;
      expect(request?.method).toBe('GET');
      expect(request?.url).toBe(`/api/v1/client/job/asset-info?asset_id=${ASSET_ID}`);
      expect(request?.headers['x-api-key']).toBe(API_KEY);
    });
  });

  describe('when Crun answers with an error code', () => {
    it.each([
      [401, 'unauthorized', false],
      [402, 'insufficient-credits', false],
      [404, 'not-found', false],
      [422, 'invalid-request', false],
      [429, 'rate-limited', true],
      [455, 'maintenance', true],
      [500, 'server-error', true],
      [501, 'generation-failed', false],
      [505, 'feature-disabled', false],
    ])(
      'should throw code %i as %s (retryable: %s), by HTTP status or by body alone',
      async (code, kind, retryable) => {
        for (const status of [code, 200]) {
          server.answer({ status, body: envelope(code, `failure ${code}`) });

          const error = await failureOf(client.getAssetInfo(ASSET_ID));

          expect(error).toBeInstanceOf(CrunApiError);
          expect(error).toMatchObject({ code, status, kind, retryable, fromEnvelope: true });
          expect((error as Error).message).toContain(`code ${code}: failure ${code}`);
        }
      },
    );

    it('should make exactly one request, leaving retries to the caller', async () => {
      server.answer({ status: 500, body: envelope(500, 'boom') });

      await failureOf(client.getAssetInfo(ASSET_ID));

      expect(server.seen).toHaveLength(1);
    });

    it.each([
      ['delta seconds', '3', 3000],
      ['an HTTP date', () => new Date(Date.now() + 5_000).toUTCString(), 5000],
    ])('should read a Retry-After given as %s', async (_label, header, expectedMs) => {
      const value = typeof header === 'function' ? header() : header;
      server.answer({
        status: 429,
        headers: { 'retry-after': value },
        body: envelope(429, 'slow down'),
      });

      const error = (await failureOf(client.getAssetInfo(ASSET_ID))) as CrunApiError;

      expect(error.retryAfterMs).toBeGreaterThanOrEqual(expectedMs - 1000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(expectedMs);
    });

    it('should treat a bare proxy error page as a retryable error outside the envelope', async () => {
      server.answer({ status: 502, body: '<html><body>Bad Gateway</body></html>' });

      const error = await failureOf(client.getAssetInfo(ASSET_ID));

      expect(error).toBeInstanceOf(CrunApiError);
      expect(error).toMatchObject({
        code: 502,
        kind: 'server-error',
        retryable: true,
        fromEnvelope: false,
      });
    });

    it('should not take a bare 404 page for an unknown asset', async () => {
      server.answer({ status: 404, body: 'Not Found' });

      const error = await failureOf(client.getAssetInfo(ASSET_ID));

      expect(error).toMatchObject({ code: 404, kind: 'not-found', fromEnvelope: false });
    });
  });

  describe('when the answer is malformed', () => {
    const good = JSON.parse(fixture('asset-info-active-iso')) as { data: Record<string, unknown> };
    const withData = (changes: Record<string, unknown>) =>
      JSON.stringify({ ...good, data: { ...good.data, ...changes } });

    it.each([
      ['an empty body', '', /empty body/],
      ['HTML', '<html>oops</html>', /not a Crun JSON envelope/],
      ['truncated JSON', '{"code":200,"mess', /not a Crun JSON envelope/],
      ['JSON without the envelope', '{"status":"ok"}', /not a Crun JSON envelope/],
      ['a code that is not a number', '{"code":"200","data":{}}', /not a Crun JSON envelope/],
      ['no data', envelope(200, 'success', null), /data is missing/],
      ['an unknown Status', withData({ Status: 'Quarantined' }), /unknown Status "Quarantined"/],
      ['a missing Status', withData({ Status: undefined }), /unknown Status undefined/],
      ['an unreadable CreateTime', withData({ CreateTime: 'yesterday' }), /CreateTime "yesterday"/],
      ['an UpdateTime of zero', withData({ UpdateTime: 0 }), /UpdateTime 0/],
      ['another asset', withData({ AssetId: 'asset-other' }), /asked for .* got asset-other/],
    ])('should throw a retryable CrunResponseError for %s', async (_label, body, message) => {
      server.answer({ status: 200, body });

      const error = await failureOf(client.getAssetInfo(ASSET_ID));

      expect(error).toBeInstanceOf(CrunResponseError);
      expect((error as CrunResponseError).retryable).toBe(true);
      expect((error as Error).message).toMatch(message);
    });

    it('should never take an unknown status for Active', async () => {
      server.answer({ body: withData({ Status: 'active' }) });

      await expect(client.getAssetInfo(ASSET_ID)).rejects.toBeInstanceOf(CrunResponseError);
    });
  });

  describe('when the request does not complete', () => {
    it('should throw CrunTimeoutError after the timeout', async () => {
      server.answer({ body: fixture('asset-info-active-iso'), delayMs: 1_000 });

      const error = await failureOf(client.getAssetInfo(ASSET_ID, { timeoutMs: 100 }));

      expect(error).toBeInstanceOf(CrunTimeoutError);
      expect(error).toMatchObject({ retryable: true, timeoutMs: 100 });
    });

    it('should reject with the abort reason when the caller aborts', async () => {
      server.answer({ body: fixture('asset-info-active-iso'), delayMs: 1_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('caller gave up')), 50);

      const error = await failureOf(client.getAssetInfo(ASSET_ID, { signal: controller.signal }));

      expect(error).toEqual(new Error('caller gave up'));
    });

    it('should throw CrunNetworkError when nothing listens', async () => {
      const offline = new CrunClient({ apiKey: API_KEY, baseUrl: closedPortUrl });

      const error = await failureOf(offline.getAssetInfo(ASSET_ID));

      expect(error).toBeInstanceOf(CrunNetworkError);
      expect((error as Error).message).toContain('ECONNREFUSED');
    });
  });

  it('should refuse an invalid asset ID without sending a request', async () => {
    await expect(client.getAssetInfo('12 34')).rejects.toThrow(
      /getAssetInfo: .* must start with a letter/,
    );
    expect(server.seen).toHaveLength(0);
  });
});

describe('uploadAsset', () => {
  const params = {
    name: 'front',
    assetType: 'Image',
    assetUrl: 'https://example.com/a.png',
  } as const;

  it('should post the documented body and return the new ID', async () => {
    server.answer({ body: fixture('asset-upload-success') });

    const assetId = await client.uploadAsset(params);

    expect(assetId).toBe(ASSET_ID);
    const [request] = server.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v1/client/job/asset-upload');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      name: 'front',
      asset_type: 'Image',
      asset_url: 'https://example.com/a.png',
    });
  });

  it('should not retry a failed upload, which may have created the asset', async () => {
    server.answer({ status: 503, body: 'unavailable' });

    await expect(client.uploadAsset(params)).rejects.toBeInstanceOf(CrunApiError);
    expect(server.seen).toHaveLength(1);
  });

  it('should refuse an answer without a usable AssetId', async () => {
    server.answer({ body: envelope(200, 'success', { AssetId: 42 }) });

    await expect(client.uploadAsset(params)).rejects.toBeInstanceOf(CrunResponseError);
  });

  it.each([
    [{ ...params, name: '' }, /`name`/],
    [{ ...params, assetType: 'Document' }, /`assetType` must be one of Image, Video, Audio/],
    [{ ...params, assetUrl: 'data:image/png;base64,AAAA' }, /public http\(s\) URL/],
    [{ ...params, assetUrl: 'https://' }, /not a valid URL/],
  ])('should refuse bad parameters before sending anything (%#)', async (bad, message) => {
    await expect(client.uploadAsset(bad as typeof params)).rejects.toThrow(message);
    expect(server.seen).toHaveLength(0);
  });
});

describe('the API key', () => {
  it('should appear in no error, whatever way it is printed', async () => {
    const answers = [
      { status: 401, body: envelope(401, 'invalid key') },
      { status: 200, body: 'not json' },
      { status: 200, body: fixture('asset-info-active-iso'), delayMs: 500 },
    ];
    const errors: unknown[] = [];
    for (const answer of answers) {
      server.answer(answer);
      errors.push(await failureOf(client.getAssetInfo('asset-other', { timeoutMs: 100 })));
    }

    errors.push(
      await failureOf(
        new CrunClient({ apiKey: API_KEY, baseUrl: closedPortUrl }).getAssetInfo(ASSET_ID),
      ),
    );

    for (const error of errors) {
      expect(error).toBeInstanceOf(CrunError);
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
    }
  });

  it('should not show when the client itself is printed', () => {
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
  });
});

describe('options', () => {
  it.each([
    [{ apiKey: '' }, /`apiKey` must be a non-empty string/],
    [{ apiKey: 'k', baseUrl: 'ftp://x' }, /`baseUrl` must be an http\(s\) URL/],
    [{ apiKey: 'k', timeoutMs: 0 }, /`timeoutMs` must be a positive whole number/],
  ])('should refuse unusable options (%#)', (options, message) => {
    expect(() => new CrunClient(options)).toThrow(message);
  });
});
