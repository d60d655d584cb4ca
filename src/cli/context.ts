import type { CliIo } from './io';

/** What every command gets: where to print, and how to set the exit code. */
export interface CommandContext {
  io: CliIo;
  setExitCode(code: number): void;
}
