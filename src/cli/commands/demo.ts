// hisob demo: the first thing a newcomer runs. Generates a sample pilot-district month with the
// sample book and prices it, printing what was generated and what it costs.
import { join } from 'node:path';
import type { Command } from 'commander';
import { createEngine } from '../../domain/engine';
import { facilityContexts } from '../../io/district-file';
import type { CommandContext } from '../context';
import { defaultBookDir, defaultCaseMixFile, userPath } from '../paths';
import * as parse from '../options';
import { formatGenerateSummary, generateMonth } from '../support/generate-month';
import { defaultMonth, loadBook, loadCaseMix } from '../support/load-inputs';
import { priceCaseFile } from '../support/price-file';
import { formatPriceSummary } from '../support/price-summary';

interface DemoOptions {
  cases: number;
  seed: number;
  out: string;
}

export function registerDemoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('generate a sample pilot-district month with the sample book and price it')
    .option('--cases <n>', 'number of cases', parse.positiveNumber, 20_000)
    .option('--seed <n>', 'random seed', parse.wholeNumber, 2026)
    .option('--out <dir>', 'output directory', 'out/demo')
    .action(async (opts: DemoOptions) => {
      const { io } = ctx;
      const book = await loadBook(defaultBookDir());
      const caseMix = await loadCaseMix(defaultCaseMixFile());
      const month = defaultMonth(book);
      const outDir = userPath(opts.out);
      io.out(
        `Hisob demo: ${opts.cases.toLocaleString('en-US')} cases of a sample pilot district, book ${book.manifest.code} ${book.manifest.version}`,
      );
      io.out('');
      const generated = await generateMonth({
        seed: opts.seed,
        cases: opts.cases,
        month,
        book,
        caseMix,
        caseMixFile: 'case-mix.csv',
        outDir,
        errorShare: 0.01,
        format: 'csv',
        services: Math.round(opts.cases / 10),
        io,
      });
      for (const line of formatGenerateSummary(generated, { seed: opts.seed, month, outDir: opts.out })) io.out(line);
      io.out('');
      const resultsPath = join(outDir, 'results.csv');
      const priced = await priceCaseFile({
        engine: createEngine(book),
        casesPath: generated.files.cases,
        outPath: resultsPath,
        explain: true,
        facilities: facilityContexts(generated.district),
        io,
      });
      const shown = join(opts.out, 'results.csv');
      for (const line of formatPriceSummary(priced.summary, { book, seconds: priced.seconds, outPath: shown }))
        io.out(line);
    });
}
