// Where the CLI writes. Commands never touch process.stdout directly, so specs can run them
// in-process and read what they printed.

export interface CliIo {
  /** One line (or block) of normal output; a newline is added. */
  out(text: string): void;
  /** One line of error output; a newline is added. */
  err(text: string): void;
  /** Raw text for commander's help and errors (already newline-terminated). */
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Progress display: a bar on a terminal, periodic lines otherwise, nothing in CI or tests. */
  progress: 'bar' | 'lines' | 'none';
  /** Stream the progress bar draws on. */
  progressStream?: NodeJS.WritableStream;
}

export function processIo(): CliIo {
  const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
  return {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    progress: ci ? 'none' : process.stderr.isTTY ? 'bar' : 'lines',
    progressStream: process.stderr,
  };
}

/** Collects output in memory (specs). */
export function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    writeOut: (text) => stdout.push(text.replace(/\n$/, '')),
    writeErr: (text) => stderr.push(text.replace(/\n$/, '')),
    progress: 'none',
  };
}
