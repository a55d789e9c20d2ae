import { connect } from 'node:net';

/** A reply as RESP2 gives it: strings, integers, null and nested arrays. */
export type RespValue = string | number | null | RespValue[];

/** An error reply (`-ERR ...`) from the server. */
export class RespError extends Error {
  override readonly name = 'RespError';
}

/**
 * Sends one command to a Redis on its own short-lived connection and resolves
 * with the reply. Enough for the few admin commands the cluster helper needs,
 * without making ioredis a dependency of this package.
 */
export function redisCommand(
  host: string,
  port: number,
  args: readonly (string | number)[],
  timeoutMs = 2_000,
): Promise<RespValue> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffered = Buffer.alloc(0);
    let settled = false;

    const finish = (error: Error | undefined, value?: RespValue) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) {
        reject(error);
      } else {
        resolve(value ?? null);
      }
    };

    const timer = setTimeout(
      () =>
        finish(
          new Error(`${host}:${port} did not answer ${String(args[0])} within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );

    socket.once('connect', () => socket.write(encodeCommand(args)));
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      let parsed: Parsed | undefined;
      try {
        parsed = parseReply(buffered, 0);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (!parsed) {
        return;
      }
      if (parsed.error !== undefined) {
        finish(new RespError(parsed.error));
      } else {
        finish(undefined, parsed.value);
      }
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error(`${host}:${port} closed the connection`)));
  });
}

function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

interface Parsed {
  value: RespValue;
  /** Set when the top-level reply is an error. */
  error?: string;
  next: number;
}

/** Parses one reply at `offset`, or returns undefined when more bytes are needed. */
function parseReply(buffer: Buffer, offset: number): Parsed | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) {
    return undefined;
  }
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const afterLine = lineEnd + 2;

  switch (type) {
    case '+':
      return { value: line, next: afterLine };
    case '-':
      return { value: null, error: line, next: afterLine };
    case ':':
      return { value: Number(line), next: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) {
        return { value: null, next: afterLine };
      }
      if (buffer.length < afterLine + length + 2) {
        return undefined;
      }
      return {
        value: buffer.toString('utf8', afterLine, afterLine + length),
        next: afterLine + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) {
        return { value: null, next: afterLine };
      }
      const items: RespValue[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i += 1) {
        const item = parseReply(buffer, next);
        if (!item) {
          return undefined;
        }
        // An error nested in an array (as in EXEC) is kept as its text.
        items.push(item.error !== undefined ? item.error : item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}
