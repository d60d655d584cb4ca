// Starts worker processes from the TypeScript sources, as the worker and crash-recovery specs need.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker serves its queues; rejects if it exits first. */
  ready: Promise<void>;
  output(): string;
}

/** `node src/worker.ts` (compiled on the fly by swc) with the given environment. */
export function spawnWorker(env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), join(ROOT, 'src/worker.ts')], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes(' serving ')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  return { child, ready, output: () => output };
}
