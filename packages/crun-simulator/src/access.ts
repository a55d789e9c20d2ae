import { checkStringList } from './validation.js';

/** The account side of a request: is the key known, are there credits left. */
export class AccessControl {
  #keys: ReadonlySet<string>;
  creditsAvailable = true;

  constructor(keys: readonly string[]) {
    this.#keys = new Set(keys);
  }

  setKeys(keys: readonly string[]): void {
    this.#keys = new Set(checkStringList(keys, 'keys'));
  }

  /** Node lowercases header names, so `X-API-Key` arrives as `x-api-key`. */
  accepts(key: string | string[] | undefined): boolean {
    return typeof key === 'string' && this.#keys.has(key);
  }
}
