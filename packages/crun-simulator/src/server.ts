import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContext } from './context.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { createRequestListener } from './request-listener.js';
import { type CrunSimulator, SimulatorHandle } from './simulator.js';

/** Starts a simulator on `options.host`:`options.port` and resolves once it accepts connections. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<CrunSimulator> {
  const resolved = resolveOptions(options);
  const ctx = createContext(resolved);
  // HTTP/1.1 keep-alive is Node's default; Nagle is off so small answers leave at once.
  const server = createServer({ noDelay: true }, createRequestListener(ctx));

  await listen(server, resolved.port, resolved.host);

  const { port } = server.address() as AddressInfo;
  return new SimulatorHandle(ctx, server, `http://${urlHost(resolved.host)}:${port}`);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
