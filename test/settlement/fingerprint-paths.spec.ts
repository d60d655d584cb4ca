// The fingerprint's L lines hashed two ways — through a cursor in the caller's transaction, and
// streamed with COPY on a PostgreSQL connection of their own (hashLinesAside) — must give the very
// bytes of the canonical text, also for ids holding the characters COPY escapes. On PGlite there is
// no connection aside: hashLinesAside says so, and the cursor gives the same digest.
import { createHash } from 'node:crypto';
import {
  CopyTextUnescaper,
  hashLinesAside,
  hashLinesInTransaction,
  type FingerprintHeader,
} from '../../src/modules/settlement/work/fingerprint';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const RUN = '6f1c1d8e-3b0a-4c59-9a43-0d1f5a7e2b11';
const OTHER_RUN = '0a9e4b2c-7d15-4e86-b3f0-5c2d8e1a9f47';
const HEADER: FingerprintHeader = {
  scopeKind: 'district',
  scopeCode: 'D1',
  month: '2026-03',
  bookCode: 'UZ-KZG-SAMPLE',
  bookVersion: '2026.1',
};

interface Line {
  caseId: string;
  facility: string;
  claim: string;
  weight: string;
  amount: string;
  fund: string;
  patient: string;
}

// Ids with a backslash, a tab, a newline, a carriage return, a backspace, a form feed, a vertical
// tab, a pipe and non-ASCII text; weights with trailing zeros (written trimmed).
const LINES: Line[] = [
  {
    caseId: '00000000-0000-4000-8000-000000000003',
    facility: 'F\\DH',
    claim: 'C\t1',
    weight: '1.2500',
    amount: '4750000.00',
    fund: '4750000.00',
    patient: '0.00',
  },
  {
    caseId: '00000000-0000-4000-8000-000000000001',
    facility: 'F-RH',
    claim: 'line\nbreak\r\\n',
    weight: '0.8000',
    amount: '3040000.00',
    fund: '2736000.00',
    patient: '304000.00',
  },
  {
    caseId: '00000000-0000-4000-8000-000000000002',
    facility: 'Ўрта|ё',
    claim: '\b\f\v\\\\',
    weight: '2',
    amount: '7600000.00',
    fund: '7600000.00',
    patient: '0.00',
  },
];

function expectedHex(lines: Line[]): string {
  let text = `hisob-settlement v1|district|D1|2026-03|UZ-KZG-SAMPLE@2026.1\n`;
  for (const l of [...lines].sort((a, b) => (a.caseId < b.caseId ? -1 : 1))) {
    const weight = l.weight.includes('.') ? l.weight.replace(/0+$/, '').replace(/\.$/, '') : l.weight;
    text +=
      [
        'L',
        l.caseId,
        l.facility,
        l.claim,
        '1',
        'case',
        '',
        'priced',
        'G01',
        'OK',
        '',
        'fund',
        '',
        weight,
        l.amount,
        l.fund,
        l.patient,
        '',
        l.fund,
      ].join('|') + '\n';
  }
  return createHash('sha256').update(text).digest('hex');
}

describe('the L lines of a fingerprint', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const [run, lines] of [
      [RUN, LINES],
      [OTHER_RUN, LINES.slice(0, 1)],
    ] as const) {
      for (const l of lines) {
        await db.dataSource.query(
          `INSERT INTO settlement_lines (run_id, case_id, chunk_no, facility_id, claim_id, case_version, kind, status,
                  group_code, return_code, coverage, effective_weight, amount, fund_amount, patient_amount, payable)
           VALUES ($1, $2, 1, $3, $4, 1, 'case', 'priced', 'G01', 'OK', 'fund', $5, $6, $7, $8, $7)`,
          [run, l.caseId, l.facility, l.claim, l.weight, l.amount, l.fund, l.patient],
        );
      }
    }
  }, 60000);
  afterAll(async () => {
    await db?.drop();
  });

  it('hash to the canonical text through a cursor in a transaction, and the same way aside on PostgreSQL', async () => {
    const runner = db.dataSource.createQueryRunner();
    let inTransaction: { hex: string; lines: number };
    try {
      await runner.connect();
      await runner.startTransaction();
      const digest = await hashLinesInTransaction(runner, RUN, HEADER);
      inTransaction = { hex: digest.hash.digest('hex'), lines: digest.lines };
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(inTransaction).toEqual({ hex: expectedHex(LINES), lines: 3 });

    const aside = hashLinesAside(db.dataSource, RUN, HEADER);
    if (db.dataSource.kind === 'pglite') {
      expect(aside).toBeUndefined();
    } else {
      const digest = await aside!;
      expect({ hex: digest.hash.digest('hex'), lines: digest.lines }).toEqual(inTransaction);
    }
  });

  it('refuses a run id that is not a uuid before it reaches COPY', async () => {
    const aside = hashLinesAside(db.dataSource, `${RUN}' OR true --`, HEADER);
    if (db.dataSource.kind === 'pglite') expect(aside).toBeUndefined();
    else await expect(aside).rejects.toThrow('is not a uuid');
  });
});

describe('CopyTextUnescaper', () => {
  const escaped = Buffer.from('a\\\\b\\tc\\nd\\re\\bf\\fg\\vh ў\n', 'utf8');
  const plain = Buffer.from('a\\b\tc\nd\re\bf\fg\vh ў\n', 'utf8');

  it('gives back the bytes of the values wherever the chunks are cut', () => {
    for (let cut = 0; cut <= escaped.length; cut++) {
      const out: Buffer[] = [];
      const u = new CopyTextUnescaper((b) => out.push(Buffer.from(b)));
      u.write(escaped.subarray(0, cut));
      u.write(escaped.subarray(cut));
      u.end();
      expect(Buffer.concat(out).equals(plain)).toBe(true);
    }
  });

  it('refuses an escape COPY does not write for text, and output that ends inside an escape', () => {
    expect(() => new CopyTextUnescaper(() => undefined).write(Buffer.from('x\\N'))).toThrow('unexpected escape \\N');
    const u = new CopyTextUnescaper(() => undefined);
    u.write(Buffer.from('x\\'));
    expect(() => u.end()).toThrow('ends inside an escape');
  });
});
