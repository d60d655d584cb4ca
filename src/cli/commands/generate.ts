// hisob generate: a deterministic sample month for a pilot district, written as files.
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { defaultBookDir, defaultCaseMixFile, userPath } from '../paths';
import * as parse from '../options';
import { formatGenerateSummary, generateMonth } from '../support/generate-month';
import { checkMonthInBook, defaultMonth, loadBook, loadCaseMix } from '../support/load-inputs';

interface GenerateOptions {
  seed: number;
  cases: number;
  month?: string;
  book?: string;
  caseMix?: string;
  out: string;
  errorShare: number;
  format: 'csv' | 'jsonl';
  services?: number;
}

export function registerGenerateCommand(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .description('generate a pilot district month: district.json, enrolment.csv, cases, services.csv')
    .option('--seed <n>', 'random seed; the same seed gives the same files', parse.wholeNumber, 1)
    .option('--cases <n>', 'number of cases', parse.wholeNumber, 10_000)
    .option('--month <YYYY-MM>', 'month of discharge (default: the third month the book is in force)', parse.month)
    .option('--book <dir>', 'tariff book directory (default: the sample book)')
    .option('--case-mix <file>', 'case-mix profile file (default: fixtures/generator/case-mix.csv)')
    .option('--out <dir>', 'output directory', 'out/sample')
    .option('--error-share <x>', 'share of deliberately erroneous cases', parse.share, 0.01)
    .option('--format <csv|jsonl>', 'case file format', parse.recordFormat, 'csv')
    .option('--services <n>', 'telemedicine and fee-for-service services (default: cases / 10)', parse.wholeNumber)
    .action(async (opts: GenerateOptions) => {
      const bookDir = opts.book ? userPath(opts.book) : defaultBookDir();
      const caseMixFile = opts.caseMix ? userPath(opts.caseMix) : defaultCaseMixFile();
      const book = await loadBook(bookDir);
      const caseMix = await loadCaseMix(caseMixFile);
      const month = opts.month ?? defaultMonth(book);
      checkMonthInBook(month, book);
      const outDir = userPath(opts.out);
      const result = await generateMonth({
        seed: opts.seed,
        cases: opts.cases,
        month,
        book,
        caseMix,
        caseMixFile: caseMixFile.split(/[\\/]/).pop(),
        outDir,
        errorShare: opts.errorShare,
        format: opts.format,
        services: opts.services ?? Math.round(opts.cases / 10),
        io: ctx.io,
      });
      for (const line of formatGenerateSummary(result, { seed: opts.seed, month, outDir: opts.out })) ctx.io.out(line);
    });
}
