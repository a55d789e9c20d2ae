import type { Redis } from 'ioredis';

/** One `INFO` answer as name → value, every section merged. */
export type InfoFields = Map<string, string>;

export async function readInfo(redis: Redis, ...sections: string[]): Promise<InfoFields> {
  const text = await redis.call('INFO', ...(sections.length > 0 ? sections : ['everything']));
  const fields: InfoFields = new Map();

  for (const line of String(text).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) {
      fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
  }

  return fields;
}

export function infoNumber(fields: InfoFields, name: string): number {
  const value = Number(fields.get(name));
  return Number.isFinite(value) ? value : 0;
}

/** What the server has done so far: CPU time, traffic and commands. */
export interface RedisCounters {
  /** used_cpu_sys + used_cpu_user, in seconds. */
  cpuSeconds: number;
  /** The same per server: one entry for a single Redis, one per master for a cluster. */
  shardCpuSeconds: number[];
  netInputBytes: number;
  netOutputBytes: number;
  /** Calls per command name, commands run inside scripts included (`cmdstat_*`). */
  calls: Map<string, number>;
}

export async function readCounters(redis: Redis): Promise<RedisCounters> {
  const fields = await readInfo(redis, 'cpu', 'stats', 'commandstats');
  const calls = new Map<string, number>();

  for (const [name, value] of fields) {
    if (name.startsWith('cmdstat_')) {
      const match = /calls=(\d+)/.exec(value);
      calls.set(name.slice('cmdstat_'.length), Number(match?.[1] ?? 0));
    }
  }

  const cpuSeconds = infoNumber(fields, 'used_cpu_sys') + infoNumber(fields, 'used_cpu_user');
  return {
    cpuSeconds,
    shardCpuSeconds: [cpuSeconds],
    netInputBytes: infoNumber(fields, 'total_net_input_bytes'),
    netOutputBytes: infoNumber(fields, 'total_net_output_bytes'),
    calls,
  };
}

/** The change from `before` to `after`. */
export function countersDelta(before: RedisCounters, after: RedisCounters): RedisCounters {
  const calls = new Map<string, number>();
  for (const [name, count] of after.calls) {
    const delta = count - (before.calls.get(name) ?? 0);
    if (delta > 0) {
      calls.set(name, delta);
    }
  }

  return {
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    shardCpuSeconds: after.shardCpuSeconds.map(
      (seconds, index) => seconds - (before.shardCpuSeconds[index] ?? 0),
    ),
    netInputBytes: after.netInputBytes - before.netInputBytes,
    netOutputBytes: after.netOutputBytes - before.netOutputBytes,
    calls,
  };
}
