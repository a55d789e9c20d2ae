/** One entry of the event stream as ioredis returns it: its ID and a flat field list. */
export type StreamEntry = [id: string, fields: string[]];

/** The value of field `name` in a flat `[name, value, name, value, …]` list. */
export function entryField(fields: readonly string[], name: string): string | undefined {
  for (let index = 0; index < fields.length - 1; index += 2) {
    if (fields[index] === name) {
      return fields[index + 1];
    }
  }

  return undefined;
}
