import { parseArgs } from 'node:util';

/** What one `pnpm bench` run measures, and how big. */
export interface BenchOptions {
  full: boolean;
  /** Sections to run, by name; all when empty. */
  only: string[];
  /** Warm-up before a fleet's first checks window, in ms. */
  warmupMs: number;
  /** Length of each checks window, in ms. */
  windowMs: number;
  /** Alternating rounds per comparison of fleets; the median round counts. */
  rounds: number;
  /** Assets in flight for the memory section (10k, or 100k with --full or as given). */
  memorySize: number;
  /** In-flight sizes for the cost-growth section. */
  growthSizes: number[];
  /** Assets with random processing times in the detection section. */
  detectionAssets: number;
  /** Where the Markdown report goes; none with --no-write. */
  outFile: string | undefined;
}

export const SECTION_NAMES = [
  'checks',
  'scaling',
  'memory',
  'enqueue',
  'detection',
  'adaptive',
  'growth',
  'profile',
  'cluster',
] as const;

const USAGE = `Usage: pnpm bench [--full] [--only SECTION[,SECTION]] [--window MS] [--rounds N]
                  [--memory-size N] [--no-write]

Measures the tracker against plain BullMQ on a Redis and a Crun simulator it
starts itself (on 127.0.0.1), prints the tables and writes them to
bench/results/latest.md.
  --full      big sizes: 100k assets for memory, growth up to 1M where memory allows
  --only      run only these sections: ${SECTION_NAMES.join(', ')}
  --window    length of each checks window in ms (default 2000; 3000 with --full)
  --rounds    alternating rounds per comparison (default 3; 5 with --full)
  --memory-size  assets in flight for the memory and enqueue sections
              (default 10000; 100000 with --full), without the rest of --full
  --no-write  print only`;

export function readBenchOptions(argv: string[], resultsFile: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      full: { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      window: { type: 'string' },
      rounds: { type: 'string' },
      'memory-size': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }

  const only = values.only.split(',').filter((name) => name !== '');
  const unknown = only.filter((name) => !(SECTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTION_NAMES.join(', ')}`);
  }

  const full = values.full;
  const windowMs = values.window === undefined ? (full ? 3_000 : 2_000) : Number(values.window);
  if (!Number.isInteger(windowMs) || windowMs < 500) {
    throw new Error('--window must be a whole number of ms, at least 500');
  }

  const rounds = values.rounds === undefined ? (full ? 5 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error('--rounds must be a whole number, at least 1');
  }

  const memorySize =
    values['memory-size'] === undefined ? (full ? 100_000 : 10_000) : Number(values['memory-size']);
  if (!Number.isInteger(memorySize) || memorySize < 1_000) {
    throw new Error('--memory-size must be a whole number, at least 1000');
  }

  return {
    full,
    only,
    warmupMs: full ? 3_000 : 1_500,
    windowMs,
    rounds,
    memorySize,
    growthSizes: full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000],
    detectionAssets: full ? 1_000 : 300,
    outFile: values['no-write'] ? undefined : resultsFile,
  };
}

export function wants(options: BenchOptions, section: (typeof SECTION_NAMES)[number]): boolean {
  return options.only.length === 0 || options.only.includes(section);
}
