// district.json: the generated pilot district (facilities and licences). `hisob price --district`
// reads it for the facility level, region and management coefficient of each case's facility.
import { readFile, mkdir, writeFile, rename } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { FacilityContext } from '../domain/cases';
import { facilityContext, type Facility, type PilotDistrict } from '../domain/generator/district';
import { InputFileError } from './input-error';

const LEVELS = new Set(['district', 'regional', 'republican']);
const DECIMAL_RE = /^\d+(\.\d+)?$/;

export async function writeDistrictFile(path: string, district: PilotDistrict): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.partial`, JSON.stringify(district, null, 2) + '\n', 'utf8');
  await rename(`${path}.partial`, path);
}

/** Reads district.json, checking what pricing relies on (facility ids, levels, coefficients). */
export async function readDistrictFile(path: string): Promise<PilotDistrict> {
  const name = basename(path);
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputFileError(name, 'NOT_FOUND', `cannot read ${path}: ${err.code ?? err.message}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputFileError(name, 'INVALID_FILE', `not valid JSON: ${(err as Error).message}`);
  }
  const d = value as Partial<PilotDistrict>;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.facilities)) {
    throw new InputFileError(name, 'INVALID_FILE', 'expected an object with a "facilities" array');
  }
  const ids = new Set<string>();
  d.facilities.forEach((f: Partial<Facility>, i) => {
    const where = `facilities[${i}]`;
    if (typeof f?.id !== 'string' || f.id === '')
      throw new InputFileError(name, 'INVALID_FILE', `${where}.id is missing`);
    if (ids.has(f.id)) throw new InputFileError(name, 'INVALID_FILE', `${where}.id "${f.id}" appears twice`);
    ids.add(f.id);
    if (!LEVELS.has(f.level as string)) {
      throw new InputFileError(name, 'INVALID_FILE', `${where}.level must be district, regional or republican`);
    }
    if (f.managementCoefficient !== undefined && !DECIMAL_RE.test(String(f.managementCoefficient))) {
      throw new InputFileError(name, 'INVALID_FILE', `${where}.managementCoefficient must be a decimal string`);
    }
  });
  return { licences: [], ...d } as PilotDistrict;
}

/** Facility id → pricing context. */
export function facilityContexts(district: PilotDistrict): Map<string, FacilityContext> {
  return new Map(district.facilities.map((f) => [f.id, facilityContext(f)]));
}
