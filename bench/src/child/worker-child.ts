/**
 * The entry of a bench child process (`child_process.fork`): runs one mode
 * and answers the parent's messages, so each measured worker is a real
 * process of its own.
 */
import { snapshot, watchHttp } from './counters.js';
import { CpuProfiler } from './cpu-profiler.js';
import type { ChildMessage, ParentMessage } from './protocol.js';
import { type Running, startMode } from './start-mode.js';

let running: Running | undefined;
let profiler: CpuProfiler | undefined;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    process.send?.(message, undefined, {}, () => resolve());
  });
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'start':
      watchHttp();
      running = await startMode(message.config);
      await send({ type: 'ready' });
      return;

    case 'mark':
      await send({ type: 'mark', snapshot: snapshot() });
      return;

    case 'profile-start':
      profiler = new CpuProfiler();
      await profiler.start();
      await send({ type: 'profile-started' });
      return;

    case 'profile-stop': {
      const result = await (profiler as CpuProfiler).stop();
      await send({ type: 'profile', ...result });
      return;
    }

    case 'pause':
      await running?.pause();
      await send({ type: 'paused' });
      return;

    case 'resume':
      await running?.resume();
      await send({ type: 'resumed' });
      return;

    case 'stop':
      await running?.stop();
      // Disconnecting ends the process (see below) once the reply is out.
      await send({ type: 'stopped' });
      process.disconnect();
      return;
  }
}

// A parent that dies must not leave workers polling behind it.
process.once('disconnect', () => process.exit(0));

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: unknown) => {
    void send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});
