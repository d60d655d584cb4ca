// Entry point of the `hisob` command line (bin/hisob.js runs the compiled copy).
import { CommanderError } from 'commander';
import { processIo, type CliIo } from './cli/io';
import { userMessage } from './cli/errors';
import { buildProgram } from './cli/program';

/**
 * Runs the CLI in-process with user arguments (no `node` and script path) and returns the exit
 * code. User errors print one clear message; only unexpected errors print a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram({ io, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    // Commander has already printed its message (or the help / version).
    if (err instanceof CommanderError) return err.exitCode;
    const message = userMessage(err);
    if (message !== undefined) {
      io.err(`hisob: ${message}`);
      return 1;
    }
    io.err(`hisob: unexpected error (a bug; please report it): ${(err as Error)?.stack ?? String(err)}`);
    return 70;
  }
}

export function main(): void {
  // `hisob … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`hisob: ${String(err)}\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) main();
