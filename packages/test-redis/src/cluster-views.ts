import { type ClusterMaster, HOST, type TableEntry } from './cluster-types.js';

const SLOT_COUNT = 16_384;

/** What one running node reports: CLUSTER INFO, CLUSTER NODES and INFO replication. */
export interface NodeView {
  port: number;
  info: Record<string, string | undefined>;
  entries: TableEntry[];
  replication: Record<string, string | undefined>;
}

/**
 * What keeps the cluster from being ready, as the running nodes report it
 * (`livePorts`): each node must see every slot served by a running master,
 * all must agree on the owners, and every other node must be a replica
 * whose link to its master is up.
 */
export function problemsInViews(
  views: readonly (NodeView | undefined)[],
  livePorts: ReadonlySet<number>,
): string[] {
  const found: string[] = [];
  let agreed: string | undefined;
  for (const view of views) {
    if (!view) {
      continue;
    }
    const { port, info, entries, replication } = view;
    if (info.cluster_state !== 'ok') {
      found.push(`node ${port} reports cluster_state:${info.cluster_state}`);
    }
    for (const field of ['cluster_slots_assigned', 'cluster_slots_ok']) {
      if (info[field] !== String(SLOT_COUNT)) {
        found.push(`node ${port} reports ${field}:${info[field]}`);
      }
    }

    const owners = mastersFromTable(entries);
    for (const owner of owners) {
      if (!livePorts.has(owner.port)) {
        found.push(`node ${port} sees slots served by ${owner.port}, which is down`);
      }
    }
    for (const entry of entries) {
      if (livePorts.has(entry.port) && entry.flags.some((flag) => flag.startsWith('fail'))) {
        found.push(`node ${port} flags running node ${entry.port} as ${entry.flags.join(',')}`);
      }
    }
    const signature = owners.map((owner) => `${owner.port}=${formatSlots(owner.slots)}`).join(' ');
    if (agreed === undefined) {
      agreed = signature;
    } else if (signature !== agreed) {
      found.push(`nodes disagree on slot owners: "${agreed}" vs "${signature}" (node ${port})`);
    }

    const myself = entries.find((entry) => entry.flags.includes('myself'));
    if (!myself) {
      found.push(`node ${port} does not list itself in CLUSTER NODES`);
    } else if (myself.flags.includes('master')) {
      if (myself.slots.length === 0) {
        found.push(`node ${port} is a master without slots, not yet a replica`);
      }
    } else if (replication.master_link_status !== 'up') {
      found.push(
        `replica ${port} has master_link_status:${replication.master_link_status ?? 'unknown'}`,
      );
    } else if (!owners.some((owner) => owner.id === myself.masterId)) {
      found.push(`replica ${port} replicates a node that serves no slots`);
    }
  }
  return found;
}

/**
 * The masters as most nodes see them: a node that has just come back may
 * still hold an old view for a moment. Undefined when no node answered.
 */
export function mostCommonView(
  views: readonly (ClusterMaster[] | undefined)[],
): ClusterMaster[] | undefined {
  const bySignature = new Map<string, { view: ClusterMaster[]; count: number }>();
  for (const view of views) {
    if (view) {
      const signature = view.map((m) => `${m.id}=${formatSlots(m.slots)}`).join(' ');
      const seen = bySignature.get(signature);
      bySignature.set(signature, { view, count: (seen?.count ?? 0) + 1 });
    }
  }

  let best: { view: ClusterMaster[]; count: number } | undefined;
  for (const candidate of bySignature.values()) {
    if (!best || candidate.count > best.count) {
      best = candidate;
    }
  }

  return best?.view;
}

/** `field:value` lines of INFO and CLUSTER INFO. */
export function parseInfo(text: string): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) {
      fields[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return fields;
}

/**
 * Lines of CLUSTER NODES: `<id> <ip:port@cport[,hostname]> <flags> <master>
 * <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>...`. Slots being
 * imported or migrated (`[...]`) are left out.
 */
export function parseClusterNodes(text: string): TableEntry[] {
  const entries: TableEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const [id, address, flags, master] = fields;
    if (!id || !address || !flags || !master) {
      continue;
    }
    const hostPort = address.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    const slots: [number, number][] = [];
    for (const slot of fields.slice(8)) {
      if (slot.startsWith('[')) {
        continue;
      }
      const [from, to] = slot.split('-');
      slots.push([Number(from), Number(to ?? from)]);
    }
    entries.push({
      id,
      host: hostPort.slice(0, colon) || HOST,
      port: Number(hostPort.slice(colon + 1)),
      flags: flags.split(','),
      masterId: master === '-' ? undefined : master,
      slots: slots.sort((a, b) => a[0] - b[0]),
    });
  }
  return entries;
}

/** Masters that serve slots and are not flagged failed, in slot order. */
export function mastersFromTable(entries: TableEntry[]): ClusterMaster[] {
  const healthy = (entry: TableEntry) =>
    !entry.flags.some((flag) => flag === 'fail' || flag === 'noaddr' || flag === 'handshake');
  return entries
    .filter((entry) => entry.flags.includes('master') && entry.slots.length > 0 && healthy(entry))
    .map((entry) => ({
      id: entry.id,
      host: entry.host,
      port: entry.port,
      slots: entry.slots,
      replicas: entries
        .filter((other) => other.masterId === entry.id && healthy(other))
        .map((other) => ({ id: other.id, host: other.host, port: other.port })),
    }))
    .sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));
}

function formatSlots(slots: readonly (readonly [number, number])[]): string {
  return slots.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(',');
}
