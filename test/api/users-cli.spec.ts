import { Command } from 'commander';
import { registerUserCommands } from '../../src/cli/commands/users';
import { UserError } from '../../src/cli/errors';
import { memoryIo } from '../../src/cli/io';
import { startApi, type ApiHarness } from './support/api-app';
import { bearer, seedWorld, type World } from './support/world';

// hisob users create / tokens create / tokens revoke, run in-process against the test database, and the
// tokens they print used on the API.
describe('hisob users and tokens', () => {
  let api: ApiHarness;
  let world: World;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
  });
  afterAll(async () => {
    await api.close();
  });

  async function hisob(...argv: string[]): Promise<string[]> {
    const io = memoryIo();
    const program = new Command('hisob')
      .exitOverride()
      .configureOutput({ writeOut: io.writeOut, writeErr: io.writeErr });
    registerUserCommands(
      program,
      { io, setExitCode: () => undefined },
      {
        // The test's database stays open: the command's close is a no-op here.
        openDatabase: async () => ({ dataSource: api.db.dataSource, close: async () => undefined }),
      },
    );
    await program.parseAsync(argv, { from: 'user' });
    return io.stdout;
  }

  it('creates a scoped user and a token whose secret, printed once, works on the API', async () => {
    const created = await hisob(
      'users',
      'create',
      '--username',
      'Dilnoza',
      '--roles',
      'finance-officer',
      '--districts',
      'DA',
    );
    expect(created).toEqual([
      expect.stringMatching(/^Created user dilnoza \([0-9a-f-]{36}\): roles finance-officer; districts DA\.$/),
    ]);
    const out = await hisob('tokens', 'create', '--username', 'dilnoza', '--name', 'laptop', '--expires-days', '30');
    expect(out[0]).toMatch(/^Created token [0-9a-f-]{36} "laptop" for dilnoza \(expires \d{4}-\d\d-\d\dT.+Z\)\.$/);
    expect(out[1]).toBe('The secret is shown only this once; send it as "Authorization: Bearer <secret>":');
    const secret = out[2];
    expect(secret).toMatch(/^hsb_[A-Za-z0-9_-]{43}$/);

    const res = await api
      .http()
      .get('/api/v1/facilities')
      .set(...bearer(secret));
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { id: string }) => f.id)).toEqual(['FA1', 'FA2']);

    const [row]: { expires_in_days: number; roles: string[]; district_codes: string[] }[] =
      await api.db.dataSource.query(
        `SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS expires_in_days, roles, district_codes
         FROM api_tokens WHERE token_prefix = $1`,
        [secret.slice(0, 12)],
      );
    expect(row).toEqual({ expires_in_days: 30, roles: ['finance-officer'], district_codes: ['DA'] });

    const tokenId = /^Created token (\S+)/.exec(out[0])![1];
    expect(await hisob('tokens', 'revoke', '--id', tokenId)).toEqual([`Revoked token ${tokenId}.`]);
    const revoked = await api
      .http()
      .get('/api/v1/facilities')
      .set(...bearer(secret));
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('TOKEN_REVOKED');
  });

  it('creates a nationwide user with a token that never expires', async () => {
    expect(
      await hisob('users', 'create', '--username', 'aziz', '--roles', 'auditor,planner', '--display-name', 'Aziz K.'),
    ).toEqual([expect.stringMatching(/^Created user aziz \(.+\): roles auditor, planner; nationwide\.$/)]);
    const out = await hisob('tokens', 'create', '--username', 'aziz');
    expect(out[0]).toMatch(/"api" for aziz \(never expires\)\.$/);
    expect(
      (
        await api
          .http()
          .get(`/api/v1/cases/${world.caseB}`)
          .set(...bearer(out[2]))
      ).status,
    ).toBe(200);
  });

  it.each([
    [
      ['--username', 'x1', '--roles', 'finance-officer'],
      'a finance-officer needs --districts (the districts they work in)',
    ],
    [['--username', 'x2', '--roles', 'facility-clerk', '--facilities', 'F-NONE'], 'unknown facility F-NONE'],
    [['--username', 'x3', '--roles', 'finance-officer', '--districts', 'DA,ZZ'], 'unknown district ZZ'],
    [
      ['--username', 'x4', '--roles', 'wizard'],
      'unknown role wizard (known: admin, finance-officer, auditor, planner, facility-clerk)',
    ],
    [['--username', 'bad name', '--roles', 'planner'], 'username must be 1–64 of a-z 0-9 . _ -'],
    [['--username', 'admin', '--roles', 'planner'], 'user admin already exists'],
  ])('refuses users create %j with a clear message', async (args, message) => {
    await expect(hisob('users', 'create', ...args)).rejects.toEqual(new UserError(message));
  });

  it('refuses a token for an unknown user, and a revoke of an unknown token', async () => {
    await expect(hisob('tokens', 'create', '--username', 'ghost')).rejects.toEqual(new UserError('no user ghost'));
    await expect(hisob('tokens', 'revoke', '--id', '00000000-0000-4000-8000-000000000000')).rejects.toEqual(
      new UserError('no active token 00000000-0000-4000-8000-000000000000'),
    );
  });
});
