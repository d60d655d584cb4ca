// Engine benchmark: generate → group → price → aggregate, in one process on one core.
//   npm run build && npm run bench:engine -- --cases 1000000
// Prints a readable line, then a final JSON line, on stdout:
//   {"bench":"engine","cases":1000000,"seconds":…,"casesPerSecond":…,"peakRssMb":…}
// The timed part covers generating the cases (streamed from the generator, never held), grouping,
// pricing and summing the amounts exactly; loading the book and case-mix is excluded.
// `--stages` then runs the same cases again through growing prefixes of the pipeline (generate;
// + group; + price; + sum) and prints the CPU time per case of each, to see where the time goes. It
// runs after the timed part, so it cannot warm anything up for it.
import { join } from 'node:path';
import { createEngine, type Engine } from '../src/domain/engine';
import type { CaseRecord, FacilityContext } from '../src/domain/cases';
import { adjustmentCodesOf, facilityContext, generateDistrict } from '../src/domain/generator/district';
import { generateCases } from '../src/domain/generator/generate-cases';
import { loadTariffBookDir } from '../src/infra/tariff-book/load-book-dir';
import { readCaseMixFile } from '../src/io/case-mix-file';
import { defaultMonth } from '../src/cli/support/load-inputs';
import { PriceSummary, formatAmount } from '../src/cli/support/price-summary';
import { packageRoot } from '../src/cli/paths';

interface BenchArgs {
  cases: number;
  seed: number;
  book: string;
  caseMix: string;
  month?: string;
  stages: boolean;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  const root = packageRoot();
  const args: BenchArgs = {
    cases: 1_000_000,
    seed: 1,
    book: join(root, 'fixtures', 'books', 'UZ-KZG-SAMPLE'),
    caseMix: join(root, 'fixtures', 'generator', 'case-mix.csv'),
    stages: false,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--stages') {
      args.stages = true;
      continue;
    }
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--cases' || flag === '--seed') {
      const n = Number(value.replace(/_/g, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got ${value}`);
      args[flag === '--cases' ? 'cases' : 'seed'] = n;
    } else if (flag === '--book') args.book = value;
    else if (flag === '--case-mix') args.caseMix = value;
    else if (flag === '--month') args.month = value;
    else throw new Error(`unknown option ${flag} (known: --cases, --seed, --book, --case-mix, --month, --stages)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const book = await loadTariffBookDir(args.book);
  const caseMix = await readCaseMixFile(args.caseMix);
  const month = args.month ?? defaultMonth(book);
  const adjustmentCodes = adjustmentCodesOf(book.capitationAdjustments.values());
  const district = generateDistrict(args.seed, { month, adjustmentCodes });
  const facilities = new Map<string, FacilityContext>(district.facilities.map((f) => [f.id, facilityContext(f)]));
  const engine = createEngine(book);
  const summary = new PriceSummary();
  const cases = () => generateCases(args.seed, { book, caseMix, district, month, count: args.cases });

  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (const c of cases()) {
    summary.add(engine.process(c, facilities.get(c.facilityId)!));
  }
  const totals = summary.totals();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // CPU time next to wall time shows when other processes on the machine slowed the run down.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (args.stages) printStages(cases, (c) => facilities.get(c.facilityId)!, createEngine(book), args.cases);

  const scale = book.manifest.rounding.scale;
  // The readable line goes to stdout too, before the JSON line, so the JSON line is the last one.
  process.stdout.write(
    `engine bench: ${args.cases.toLocaleString('en-US')} cases of ${month} with ${book.manifest.code} ${book.manifest.version}: ` +
      `${summary.priced.toLocaleString('en-US')} priced, ${summary.errors.toLocaleString('en-US')} error groups, ` +
      `total ${formatAmount(totals.amount, scale)} ${book.manifest.currency} (fund ${formatAmount(totals.fund, scale)}); ` +
      `${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU\n`,
  );
  const line = {
    bench: 'engine',
    cases: args.cases,
    seconds: Math.round(seconds * 1000) / 1000,
    casesPerSecond: Math.round(args.cases / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

/**
 * CPU µs per case of growing prefixes of the pipeline; a stage's own cost is the difference to the one
 * before. Called after the timed run, so the code is compiled and the price memo filled.
 */
function printStages(
  cases: () => Iterable<CaseRecord>,
  facilityOf: (c: CaseRecord) => FacilityContext,
  engine: Engine,
  n: number,
): void {
  const stages: [string, () => unknown][] = [
    ['generate', () => count(cases(), () => 0)],
    ['+ group', () => count(cases(), (c) => engine.group(c).returnCode.length)],
    ['+ price', () => count(cases(), (c) => engine.process(c, facilityOf(c)).returnCode.length)],
    [
      '+ sum',
      () => {
        const summary = new PriceSummary();
        for (const c of cases()) summary.add(engine.process(c, facilityOf(c)));
        return summary.totals();
      },
    ],
  ];
  for (const [name, run] of stages) {
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    process.stdout.write(
      `stage ${name.padEnd(9)} ${((used.user + used.system) / Math.max(n, 1)).toFixed(2)} µs CPU per case\n`,
    );
  }
}

// The results feed a sum, so the work cannot be skipped as unused.
function count(cases: Iterable<CaseRecord>, touch: (c: CaseRecord) => number): number {
  let sum = 0;
  for (const c of cases) sum += touch(c);
  return sum;
}

main().catch((err: unknown) => {
  process.stderr.write(`engine bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
