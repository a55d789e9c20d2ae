import {
  type AssetPage,
  type AssetState,
  type ListAssetsOptions,
  listAssets,
  type RedisClient,
  type TrackingTopology,
} from '@crun/tracking';

/**
 * `listAssets` over every partition: the listing runs partition by
 * partition, each in `listAssets`' own order, and `offset` counts from the
 * start of partition 0. The total is the sum of the partitions' totals.
 * Costs one read per partition, plus one per partition the page spans.
 */
export async function listAcrossPartitions(
  redis: RedisClient,
  topology: TrackingTopology,
  options: ListAssetsOptions,
): Promise<AssetPage> {
  if (topology.partitions.length === 1) {
    return listAssets(redis, topology.home, options);
  }

  const limit = options.limit ?? 50;
  let skip = options.offset ?? 0;
  let total = 0;
  const items: AssetState[] = [];

  for (const location of topology.partitions) {
    const wanted = limit - items.length;
    const page = await listAssets(redis, location, {
      status: options.status,
      limit: Math.max(1, wanted),
      offset: wanted > 0 ? skip : 0,
    });
    total += page.total;

    if (wanted > 0) {
      items.push(...page.items);
      skip = Math.max(0, skip - page.total);
    }
  }

  const end = (options.offset ?? 0) + items.length;
  return { items, total, nextOffset: end < total ? end : null };
}
