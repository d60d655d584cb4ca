// hisob book validate DIR: loads a tariff book and prints its summary, or every problem found.
import type { Command } from 'commander';
import { TariffBookError, formatBookIssue, type TariffBook } from '../../domain/tariff-book';
import { loadTariffBookDir } from '../../infra/tariff-book/load-book-dir';
import type { CommandContext } from '../context';
import { userPath } from '../paths';

export function registerBookCommands(program: Command, ctx: CommandContext): void {
  const book = program.command('book').description('tariff book tools');
  book
    .command('validate')
    .description('load a tariff book directory and report its contents or every problem in it')
    .argument('<dir>', 'book directory (manifest.json and CSV tables)')
    .action(async (dir: string) => {
      let loaded: TariffBook;
      try {
        loaded = await loadTariffBookDir(userPath(dir));
      } catch (err) {
        if (!(err instanceof TariffBookError)) throw err;
        for (const issue of err.issues) ctx.io.out(formatBookIssue(issue));
        ctx.io.err(
          `hisob: ${dir}: ${err.issues.length} problem${err.issues.length === 1 ? '' : 's'}; the book is not valid`,
        );
        ctx.setExitCode(1);
        return;
      }
      for (const line of bookSummary(loaded)) ctx.io.out(line);
    });
}

export function bookSummary(b: TariffBook): string[] {
  const m = b.manifest;
  const groups = [...b.groups.values()];
  const errorGroups = groups.filter((g) => g.kind === 'error').length;
  const n = (x: number) => x.toLocaleString('en-US').padStart(8);
  return [
    `${m.code} ${m.version}: ${m.name}${m.illustrative ? ' (illustrative figures)' : ''}`,
    `  in force          ${m.effectiveFrom} – ${m.effectiveTo ?? 'open'}, currency ${m.currency}`,
    `  rounding          ${m.rounding.mode} to ${m.rounding.scale} places, ${m.rounding.points === 'end' ? 'at the end' : 'after each step'}`,
    `  diagnoses         ${n(b.diagnoses.size)}`,
    `  procedures        ${n(b.procedures.size)}`,
    `  groups            ${n(groups.length)}  (${errorGroups} error groups)`,
    `  logic rows        ${n(b.logic.length)}`,
    `  base rates        ${n(b.baseRates.length)}`,
    `  coefficients      ${n(b.coefficients.length)}`,
    `  capitation bands  ${n(b.capitationBands.length)}`,
    `  fee schedule      ${n(b.fees.length)}`,
    'OK: the book is valid.',
  ];
}
