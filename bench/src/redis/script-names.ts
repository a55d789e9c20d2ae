import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

interface ScriptDefinition {
  name: string;
  content: string;
}

/**
 * BullMQ's Lua scripts by SHA1, as ioredis sends them with EVALSHA, so a
 * MONITOR trace can say which script each round trip ran. Read from the
 * CommonJS build, which Node loads without ESM markers.
 */
export function bullmqScriptNames(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const scripts = require('bullmq/dist/cjs/scripts/index.js') as Record<string, ScriptDefinition>;
  const names = new Map<string, string>();

  for (const script of Object.values(scripts)) {
    if (typeof script?.content === 'string') {
      names.set(createHash('sha1').update(script.content).digest('hex'), script.name);
    }
  }

  return names;
}
