import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An `onRequest` hook that lets through only requests carrying
 * `Authorization: Bearer <token>`. Both tokens are hashed before comparing,
 * so the comparison takes the same time whatever the length or content of
 * the one sent. Runs before the body is read: a stranger's body is never parsed.
 */
export function bearerAuth(token: string) {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new TypeError('intake server: a bearer token is required (INTAKE_TOKEN)');
  }

  const expected = digest(token);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      return;
    }

    await reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ error: 'unauthorized', message: 'missing or wrong bearer token' });
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
