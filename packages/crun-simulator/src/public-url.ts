import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether Crun could plausibly fetch this URL: http(s) on a public host. The
 * simulator never fetches it; this only mirrors the API's validation.
 */
export function isPublicHttpUrl(value: string): boolean {
  let url: URL;

  try {
    url = new URL(value);
  } catch {
    return false;
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return false;
  }

  // WHATWG URL has already normalised forms like `http://2130706433/` to dotted IPv4.
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

  if (isIPv4(host)) {
    return isPublicIPv4(host);
  }

  if (isIPv6(host)) {
    return isPublicIPv6(host);
  }

  // Single-label names (`intranet`) and reserved suffixes never resolve publicly.
  return host.includes('.') && !/(^|\.)(localhost|local|internal|lan|home\.arpa)\.?$/.test(host);
}

function isPublicIPv4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);

  return !(
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function isPublicIPv6(host: string): boolean {
  // Loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10) and IPv4-mapped.
  return !(
    host === '::' ||
    host === '::1' ||
    /^f[cd]/.test(host) ||
    /^fe[89ab]/.test(host) ||
    host.startsWith('::ffff:')
  );
}
