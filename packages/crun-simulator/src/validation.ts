/** A value from a caller (HTTP body or function argument) without the documented shape. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

export type JsonRecord = Readonly<Record<string, unknown>>;

export interface NumberBounds {
  /** Smallest allowed value. Default 0. */
  min?: number;
  /** Largest allowed value. Default: none. */
  max?: number;
  /** Whether only whole numbers are allowed. Default false. */
  integer?: boolean;
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOneOf<T extends string>(choices: readonly T[], value: unknown): value is T {
  return (choices as readonly unknown[]).includes(value);
}

export function expectRecord(value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) {
    throw new ValidationError(`${what} must be a JSON object`);
  }

  return value;
}

/** Typos such as `processingMS` would otherwise be ignored silently and the test would lie. */
export function rejectUnknownKeys(record: JsonRecord, allowed: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new ValidationError(`unknown field "${key}"`);
    }
  }
}

/** JSON has no `undefined`, so `null` also means "not given". */
export function field(record: JsonRecord, key: string): unknown {
  return record[key] ?? undefined;
}

export function optionalString(record: JsonRecord, key: string): string | undefined {
  const value = field(record, key);

  if (value === undefined) {
    return undefined;
  }

  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(`${key} must be a non-empty string`);
  }

  return value;
}

export function optionalBoolean(record: JsonRecord, key: string): boolean | undefined {
  const value = field(record, key);

  if (value === undefined || typeof value === 'boolean') {
    return value;
  }

  throw new ValidationError(`${key} must be true or false`);
}

export function optionalChoice<T extends string>(
  record: JsonRecord,
  key: string,
  choices: readonly T[],
): T | undefined {
  const value = field(record, key);

  if (value === undefined) {
    return undefined;
  }

  if (!isOneOf(choices, value)) {
    throw new ValidationError(`${key} must be one of ${choices.join(', ')}`);
  }

  return value;
}

export function optionalNumber(
  record: JsonRecord,
  key: string,
  bounds: NumberBounds = {},
): number | undefined {
  const value = field(record, key);
  return value === undefined ? undefined : checkNumber(value, key, bounds);
}

export function checkNumber(value: unknown, what: string, bounds: NumberBounds = {}): number {
  const { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = bounds;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));

  if (!valid) {
    const range = max === Number.POSITIVE_INFINITY ? `${min} or more` : `from ${min} to ${max}`;
    throw new ValidationError(`${what} must be ${integer ? 'an integer' : 'a number'} ${range}`);
  }

  return value;
}

export function checkStringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new ValidationError(`${what} must be an array of non-empty strings`);
  }

  return [...value];
}

/** `{ key: value }` when the value is given, `{}` otherwise, for `exactOptionalPropertyTypes`. */
export function optionalField<K extends string, V>(
  key: K,
  value: V | undefined,
): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Prefixes a validation message with where the bad value sits, e.g. `rules[2]: ...`. */
export function within<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`${what}: ${error.message}`);
    }

    throw error;
  }
}
