// hisob price: groups and prices a case file with a tariff book, writing one result per case.
import type { Command } from 'commander';
import { createEngine } from '../../domain/engine';
import { facilityContexts, readDistrictFile } from '../../io/district-file';
import { formatOfPath } from '../../io/file-format';
import type { CommandContext } from '../context';
import { defaultBookDir, userPath } from '../paths';
import { formatPriceSummary } from '../support/price-summary';
import { priceCaseFile } from '../support/price-file';
import { loadBook } from '../support/load-inputs';
import { UserError } from '../errors';
import { existsSync } from 'node:fs';

interface PriceOptions {
  book?: string;
  cases: string;
  out?: string;
  explain?: boolean;
  district?: string;
}

export function registerPriceCommand(program: Command, ctx: CommandContext): void {
  program
    .command('price')
    .description('group and price a case file (.csv or .jsonl) and write the results')
    .option('--book <dir>', 'tariff book directory (default: the sample book)')
    .requiredOption('--cases <file>', 'case file (.csv or .jsonl)')
    .option('--out <file>', 'results file (.csv or .jsonl); rejected rows go to <name>.rejected.csv')
    .option('--explain', 'add the explanation of each price to the results')
    .option('--district <file>', 'district.json with the facilities (default: every facility is district level)')
    .action(async (opts: PriceOptions) => {
      const casesPath = userPath(opts.cases);
      formatOfPath(casesPath);
      if (opts.out) formatOfPath(opts.out);
      if (!existsSync(casesPath)) throw new UserError(`case file not found: ${opts.cases}`);
      const book = await loadBook(opts.book ? userPath(opts.book) : defaultBookDir());
      const facilities = opts.district ? facilityContexts(await readDistrictFile(userPath(opts.district))) : undefined;
      const outPath = opts.out ? userPath(opts.out) : undefined;
      const r = await priceCaseFile({
        engine: createEngine(book),
        casesPath,
        outPath,
        explain: !!opts.explain,
        facilities,
        io: ctx.io,
      });
      for (const line of formatPriceSummary(r.summary, { book, seconds: r.seconds, outPath: opts.out }))
        ctx.io.out(line);
      if (r.rejectedPath) ctx.io.out(`Rejected rows: ${r.rejectedPath}`);
    });
}
