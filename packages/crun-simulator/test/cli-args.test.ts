import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';

describe('when the CLI parses its arguments', () => {
  it('should map flags to simulator options', () => {
    const args = parseCliArgs([
      '--port',
      '8787',
      '--key',
      'one',
      '--key',
      'two',
      '--seed',
      '42',
      '--error-style',
      'body',
    ]);

    expect(args).toEqual({
      help: false,
      options: { port: 8787, apiKeys: ['one', 'two'], seed: 42, errorStyle: 'body' },
    });
  });

  it('should default to port 8787', () => {
    expect(parseCliArgs([]).options).toEqual({ port: 8787 });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--seed', '-1']],
    [['--error-style', 'loud']],
    [['--unknown']],
  ])('should refuse %o', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });

  it('should not echo the key in its errors', () => {
    expect(() => parseCliArgs(['--key', 'secret-key', '--port', 'x'])).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-key') }),
    );
  });
});
