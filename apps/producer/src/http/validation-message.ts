import type { FastifySchemaValidationError } from 'fastify';

/**
 * One line naming the bad field in JavaScript notation, from the first of
 * Ajv's errors: `assets[3].assetId: must be a string`. The first error is
 * the only one: collecting them all lets a crafted body cost more to check.
 */
export function validationMessage(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): string {
  const [error] = errors;
  if (!error) {
    return 'invalid request';
  }

  const params = error.params as Record<string, unknown>;
  const path = toPath(error.instancePath, context);

  switch (error.keyword) {
    case 'required':
      return `${join(path, String(params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${join(path, String(params.additionalProperty))}: is not an accepted field`;
    case 'type':
      return `${path}: ${describeType(path, String(params.type))}`;
    case 'enum':
      return `${path}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    default:
      return `${path}: ${error.message ?? 'is invalid'}`;
  }
}

/** `/assets/3/assetId` in the body becomes `assets[3].assetId`. */
function toPath(instancePath: string, context: string | undefined): string {
  const path = instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');

  return path || (context === 'body' ? 'body' : (context ?? 'request'));
}

function join(path: string, field: string): string {
  return path === 'body' || path === 'querystring' || path === 'params'
    ? field
    : `${path}.${field}`;
}

function describeType(path: string, type: string): string {
  if (/^assets\[\d+\]$/.test(path)) {
    return 'must be an asset ID or an object { assetId, metadata }';
  }

  const article = /^[aeiou]/.test(type) ? 'an' : 'a';
  return `must be ${article} ${type}`;
}
