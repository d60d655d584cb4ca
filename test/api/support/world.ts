// The same small country for every API spec: two districts in two regions, three facilities, one user
// per role, the tiny tariff book published, a few enrolments, and cases with pricing results in each
// district. Scoping specs check that district A's people never see district B's rows.
import { TINY_BOOK_FILES } from '../../../src/domain/generator/tiny-fixture';
import { UsersService } from '../../../src/modules/auth/users.service';
import type { ApiHarness } from './api-app';
import { caseJson, fhirClaim } from './builders';

export type Who = 'admin' | 'planner' | 'auditor' | 'officerA' | 'officerB' | 'clerkA' | 'clerkB';

export interface World {
  tokens: Record<Who, string>;
  /** Case and pricing-result ids by district. */
  caseA: string;
  caseB: string;
  resultA: string;
  resultB: string;
  /** A case of district B stored without pricing. */
  unpricedCaseB: string;
}

export const TINY_FILES: Record<string, string> = Object.fromEntries(TINY_BOOK_FILES);

export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}

export async function seedWorld(api: ApiHarness): Promise<World> {
  const users = api.app.get(UsersService);
  const token = async (username: string) => (await users.createToken({ username }, 'test')).secret;

  await users.createUser({ username: 'admin', roles: ['admin'] }, 'test');
  const admin = await token('admin');
  const post = async (url: string, body: unknown) => {
    const res = await api
      .http()
      .post(url)
      .set(...bearer(admin))
      .send(body as object);
    if (res.status !== 200 && res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };

  await post('/api/v1/regions', [
    { code: 'R1', nameUz: 'Birinchi', nameRu: 'Первый', nameEn: 'Region one' },
    { code: 'R2', nameUz: 'Ikkinchi', nameRu: 'Второй', nameEn: 'Region two' },
  ]);
  await post('/api/v1/districts', [
    { code: 'DA', regionCode: 'R1', nameUz: 'A tumani', nameRu: 'Район А', nameEn: 'District A' },
    { code: 'DB', regionCode: 'R2', nameUz: 'B tumani', nameRu: 'Район Б', nameEn: 'District B' },
  ]);
  await post('/api/v1/facilities', [
    { id: 'FA1', name: 'A central hospital', level: 'district', type: 'hospital', districtCode: 'DA' },
    {
      id: 'FA2',
      name: 'A family clinic',
      level: 'district',
      type: 'primary-care',
      districtCode: 'DA',
      capitationAdjustments: ['rural'],
    },
    {
      id: 'FB1',
      name: 'B regional hospital',
      level: 'regional',
      type: 'hospital',
      districtCode: 'DB',
      managementCoefficient: '1.0500',
    },
  ]);
  await post('/api/v1/licences', [
    { facilityId: 'FA1', kind: 'telemedicine', telemedicineMode: 'video', number: 'TA-1', validFrom: '2026-01-01' },
    { facilityId: 'FB1', kind: 'telemedicine', telemedicineMode: 'video', number: 'TB-1', validFrom: '2026-01-01' },
  ]);
  await post('/api/v1/tariff-books', { files: TINY_FILES });
  await post('/api/v1/tariff-books/TINY/1/publish', undefined);

  const people: [Who, string, string[], string[], string[]][] = [
    ['planner', 'planner', ['planner'], [], []],
    ['auditor', 'auditor', ['auditor'], [], []],
    ['officerA', 'officer.a', ['finance-officer'], ['DA'], []],
    ['officerB', 'officer.b', ['finance-officer'], ['DB'], []],
    ['clerkA', 'clerk.a', ['facility-clerk'], [], ['FA1']],
    ['clerkB', 'clerk.b', ['facility-clerk'], [], ['FB1']],
  ];
  const tokens = { admin } as Record<Who, string>;
  for (const [who, username, roles, districtCodes, facilityIds] of people) {
    await users.createUser({ username, roles, districtCodes, facilityIds }, 'test');
    tokens[who] = await token(username);
  }

  // Enrolled on 2026-01-01: FA2 three people, FB1 two (one left before the snapshot).
  await api.db.dataSource.query(
    `INSERT INTO enrolments (facility_id, person_id, birth_date, sex, enrolled_from, enrolled_to) VALUES
       ('FA2', 'E-1', '2025-06-01', 'F', '2025-06-01', NULL),
       ('FA2', 'E-2', '1990-03-04', 'M', '2020-01-01', NULL),
       ('FA2', 'E-3', '1950-12-31', 'F', '2020-01-01', NULL),
       ('FB1', 'E-4', '2000-01-01', 'M', '2020-01-01', NULL),
       ('FB1', 'E-5', '2000-01-01', 'F', '2020-01-01', '2025-12-31')`,
  );

  const claim = async (facility: string, claimId: string) => {
    const res = await api
      .http()
      .post('/api/v1/fhir/Claim')
      .set(...bearer(admin))
      .send(fhirClaim({ facility, claimId }));
    if (res.status !== 200) throw new Error(`claim ${claimId}: ${res.status} ${JSON.stringify(res.body)}`);
    const location = res.headers.location as string;
    const explanation = (res.body.extension as { url: string; valueUrl?: string }[]).find((e) => e.valueUrl)
      ?.valueUrl as string;
    return { caseId: location.split('/').pop() as string, resultId: explanation.split('/').pop() as string };
  };
  const a = await claim('FA1', 'A-1');
  const b = await claim('FB1', 'B-1');
  const report = await post('/api/v1/cases', caseJson({ facilityId: 'FB1', claimId: 'B-2', patientId: 'P-2' }));
  const unpricedCaseB = (report.outcomes as { caseId: string }[])[0].caseId;
  return { tokens, caseA: a.caseId, caseB: b.caseId, resultA: a.resultId, resultB: b.resultId, unpricedCaseB };
}
