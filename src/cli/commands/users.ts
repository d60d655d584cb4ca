// hisob users create / hisob tokens create|revoke: API users and their bearer tokens, in the database
// the API uses (DATABASE_URL, or the embedded PGlite under HISOB_DATA_DIR).
import type { Command } from 'commander';
import { loadAppConfig } from '../../infra/config/app-config';
import { databaseConfigFrom } from '../../infra/database/database-config';
import { openDataSource, type HisobDataSource } from '../../infra/database/data-source';
import { ApiException } from '../../infra/http/api-exception';
import { ROLES } from '../../modules/auth/entities/role';
import { UsersService } from '../../modules/auth/users.service';
import type { CommandContext } from '../context';
import { UserError } from '../errors';
import { positiveNumber } from '../options';

export interface OpenedDatabase {
  dataSource: HisobDataSource;
  close(): Promise<void>;
}

export interface UserCommandDeps {
  /** Opens (and migrates) the database; default: from the environment, like the API. */
  openDatabase?: () => Promise<OpenedDatabase>;
  /** Name recorded in the audit trail. */
  actor?: string;
}

interface UserCreateOptions {
  username: string;
  roles: string;
  districts?: string;
  facilities?: string;
  displayName?: string;
}

interface TokenCreateOptions {
  username: string;
  name?: string;
  expiresDays?: number;
}

export function registerUserCommands(program: Command, ctx: CommandContext, deps: UserCommandDeps = {}): void {
  const open = deps.openDatabase ?? openFromEnvironment;
  const actor = deps.actor ?? 'cli';
  const withUsers = async <T>(work: (users: UsersService) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await work(new UsersService(db.dataSource));
    } catch (error) {
      // Service errors (unknown district, taken username…) are the user's to fix, not bugs.
      if (error instanceof ApiException) throw new UserError(error.message);
      throw error;
    } finally {
      await db.close();
    }
  };

  const users = program.command('users').description('API users');
  users
    .command('create')
    .description('create an API user with roles and scopes')
    .requiredOption('--username <name>', 'login name: a-z 0-9 . _ -')
    .requiredOption('--roles <list>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--districts <list>', 'comma-separated district codes (finance-officer scope)')
    .option('--facilities <list>', 'comma-separated facility ids (facility-clerk scope)')
    .option('--display-name <text>', 'name shown in lists (default: the username)')
    .action(async (opts: UserCreateOptions) => {
      const created = await withUsers((s) =>
        s.createUser(
          {
            username: opts.username,
            displayName: opts.displayName,
            roles: list(opts.roles),
            districtCodes: list(opts.districts),
            facilityIds: list(opts.facilities),
          },
          actor,
        ),
      );
      const scope = [
        created.districtCodes.length > 0 ? `districts ${created.districtCodes.join(', ')}` : '',
        created.facilityIds.length > 0 ? `facilities ${created.facilityIds.join(', ')}` : '',
      ].filter((s) => s !== '');
      ctx.io.out(
        `Created user ${created.username} (${created.id}): roles ${created.roles.join(', ')}` +
          `${scope.length > 0 ? `; ${scope.join('; ')}` : '; nationwide'}.`,
      );
    });

  const tokens = program.command('tokens').description('API bearer tokens');
  tokens
    .command('create')
    .description("create an API token with the user's roles and scopes; the secret is printed once")
    .requiredOption('--username <name>', 'the user the token acts as')
    .option('--name <label>', 'label to tell tokens apart', 'api')
    .option('--expires-days <n>', 'days until the token stops working (default: never)', positiveNumber)
    .action(async (opts: TokenCreateOptions) => {
      const token = await withUsers((s) =>
        s.createToken({ username: opts.username, name: opts.name, expiresDays: opts.expiresDays }, actor),
      );
      const expires = token.expiresAt ? `expires ${new Date(token.expiresAt).toISOString()}` : 'never expires';
      ctx.io.out(`Created token ${token.id} "${opts.name ?? 'api'}" for ${opts.username.toLowerCase()} (${expires}).`);
      ctx.io.out('The secret is shown only this once; send it as "Authorization: Bearer <secret>":');
      ctx.io.out(token.secret);
    });
  tokens
    .command('revoke')
    .description('revoke a token at once')
    .requiredOption('--id <token-id>', 'the token id printed when it was created')
    .action(async (opts: { id: string }) => {
      await withUsers((s) => s.revokeToken(opts.id, actor));
      ctx.io.out(`Revoked token ${opts.id}.`);
    });
}

async function openFromEnvironment(): Promise<OpenedDatabase> {
  const dataSource = await openDataSource(databaseConfigFrom(loadAppConfig()));
  return { dataSource, close: () => dataSource.destroy() };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
