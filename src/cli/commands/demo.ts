// hisob demo: the first thing a newcomer runs. Generates a sample pilot-district month, imports it,
// settles it and prints a statement per facility, then writes the report files — on the embedded
// database and the inline job driver, so nothing needs installing (src/cli/demo/run-demo.ts).
// Pricing a case file without a database stays available as `hisob price`.
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { runDemo } from '../demo/run-demo';
import * as parse from '../options';
import { userPath } from '../paths';

interface DemoCommandOptions {
  cases: number;
  seed: number;
  out: string;
  chunkSize?: number;
}

export function registerDemoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description(
      'generate a sample pilot-district month, import it, settle it and write the statements (embedded database, nothing to install)',
    )
    .option('--cases <n>', 'number of cases', parse.positiveNumber, 20_000)
    .option('--seed <n>', 'random seed', parse.wholeNumber, 2026)
    .option('--out <dir>', 'output directory (generated files, reports, and the embedded database in db/)', 'out/demo')
    .option('--chunk-size <n>', 'cases per settlement chunk job (default 5000)', parse.positiveNumber)
    .action(async (opts: DemoCommandOptions) => {
      await runDemo(
        {
          cases: opts.cases,
          seed: opts.seed,
          outDir: userPath(opts.out),
          chunkSize: opts.chunkSize,
          shownOut: opts.out,
        },
        ctx.io,
      );
    });
}
