// Writes a run's report files into a directory: statements.csv, groups.csv, summary.csv, settlement.xlsx.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SettlementService } from '../settlement.service';
import { groupsCsv, statementsCsv, summaryCsv } from './csv';
import { writeSettlementXlsx } from './xlsx';

export interface ReportFiles {
  statementsCsv: string;
  groupsCsv: string;
  summaryCsv: string;
  xlsx: string;
}

export async function writeSettlementReports(
  service: SettlementService,
  runId: string,
  dir: string,
): Promise<ReportFiles> {
  const run = await service.get(runId);
  const data = await service.statements(runId);
  const groups = await service.groups(runId);
  await mkdir(dir, { recursive: true });
  const files: ReportFiles = {
    statementsCsv: join(dir, 'statements.csv'),
    groupsCsv: join(dir, 'groups.csv'),
    summaryCsv: join(dir, 'summary.csv'),
    xlsx: join(dir, 'settlement.xlsx'),
  };
  await writeFile(files.statementsCsv, statementsCsv(data));
  await writeFile(files.groupsCsv, groupsCsv(groups));
  await writeFile(files.summaryCsv, summaryCsv(run));
  await writeSettlementXlsx(files.xlsx, run, data, groups);
  return files;
}
