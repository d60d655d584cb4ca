// The `hisob` command tree.
import { Command } from 'commander';
import { registerBookCommands } from './commands/book-validate';
import { registerDemoCommand } from './commands/demo';
import { registerGenerateCommand } from './commands/generate';
import { registerImportCommands } from './commands/import';
import { registerPriceCommand } from './commands/price';
import { registerUserCommands } from './commands/users';
import type { CommandContext } from './context';
import { UserError } from './errors';
import { registerSettlementCommands } from '../modules/settlement/cli/settlement-commands';
import { packageVersion } from './paths';

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('hisob')
    .description('Hisob: case-mix (KZG) grouping, exact per-case pricing and settlement of health-insurance payments')
    .version(packageVersion())
    .showHelpAfterError('(run hisob --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.writeOut, writeErr: ctx.io.writeErr });
  registerDemoCommand(program, ctx);
  registerGenerateCommand(program, ctx);
  registerPriceCommand(program, ctx);
  registerBookCommands(program, ctx);
  registerImportCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerSettlementCommands(program, ctx, { userError: (m) => new UserError(m) });
  return program;
}
