import { connect } from 'node:net';

/** Commands seen by MONITOR: sent by clients (round trips), or run inside Lua scripts. */
export interface CommandTally {
  client: Map<string, number>;
  script: Map<string, number>;
}

/**
 * Records every command Redis runs until `stop` is called. A raw socket
 * rather than ioredis: ioredis mistakes trace lines that arrive while its
 * monitor disconnects for replies and fails. EVALSHA and EVAL are named
 * after their script when `scriptNames` knows its SHA1.
 */
export async function startMonitor(
  host: string,
  port: number,
  scriptNames: Map<string, string>,
): Promise<{ stop(): Promise<CommandTally> }> {
  const tally: CommandTally = { client: new Map(), script: new Map() };
  const socket = connect({ host, port });
  let pending = '';

  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\r\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      record(tally, line, scriptNames);
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve();
    });
  });
  socket.write('MONITOR\r\n');

  return {
    async stop() {
      socket.destroy();
      return tally;
    },
  };
}

/** One trace line: `+<time> [<db> <client address or lua>] "<command>" "<arg>" …`. */
function record(tally: CommandTally, line: string, scriptNames: Map<string, string>): void {
  const open = line.indexOf('[');
  const close = line.indexOf(']', open);
  if (!line.startsWith('+') || open < 0 || close < 0) {
    return;
  }

  const source = line.slice(open + 1, close).split(' ')[1];
  const args = [...line.slice(close + 1).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(
    (match) => match[1] ?? '',
  );
  const command = (args[0] ?? '').toLowerCase();
  const name = command.startsWith('eval') ? scriptLabel(args, scriptNames) : command;
  const target = source === 'lua' ? tally.script : tally.client;
  target.set(name, (target.get(name) ?? 0) + 1);
}

function scriptLabel(args: string[], scriptNames: Map<string, string>): string {
  const [command = '', body = ''] = args;
  if (command.toLowerCase() === 'evalsha') {
    return `script ${scriptNames.get(body) ?? `${body.slice(0, 8)}… (${args[2]} keys)`}`;
  }

  return `script (EVAL, ${args[2]} keys)`;
}
