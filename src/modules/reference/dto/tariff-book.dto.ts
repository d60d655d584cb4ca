import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../infra/http/pagination';
import { TARIFF_BOOK_STATUSES, type TariffBookStatus } from '../entities/tariff-book.entity';

export const BOOK_CODE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const BOOK_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

export class TariffBookImportDto {
  @ApiProperty({
    description: 'the book directory as file name → file text: manifest.json and the CSV tables (docs/tariff-book.md)',
    example: { 'manifest.json': '{"code":"KZG","version":"2026.1",…}', 'groups.csv': 'code,name_en,…' },
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsDefined({ message: 'files is required' })
  @IsObject({ message: 'files must be an object of file name → text' })
  files: Record<string, unknown>;
}

export class TariffBookListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TARIFF_BOOK_STATUSES })
  @IsOptional()
  @IsIn(TARIFF_BOOK_STATUSES, { message: `status must be one of ${TARIFF_BOOK_STATUSES.join(', ')}` })
  status?: TariffBookStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'code must be a string' })
  @Matches(BOOK_CODE_PATTERN, { message: 'code must be a book code (A-Z a-z 0-9 . _ -)' })
  code?: string;
}

export class TariffBookKeyDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  @Matches(BOOK_CODE_PATTERN, { message: 'code must be a book code (A-Z a-z 0-9 . _ -)' })
  code: string;

  @ApiProperty()
  @IsString()
  @MaxLength(32)
  @Matches(BOOK_VERSION_PATTERN, { message: 'version must be a book version (A-Z a-z 0-9 . _ -)' })
  version: string;
}

export interface TariffBookView {
  id: string;
  code: string;
  version: string;
  name: string;
  status: TariffBookStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  contentHash: string | null;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  retiredAt: string | null;
  retiredBy: string | null;
}

export interface TariffBookDetail extends TariffBookView {
  manifest: Record<string, unknown>;
  files: { name: string; sha256: string; bytes: number }[];
  counts: {
    diagnoses: number;
    procedures: number;
    groups: number;
    errorGroups: number;
    logicRows: number;
    baseRates: number;
    coefficients: number;
    capitationBands: number;
    capitationAdjustments: number;
    fees: number;
  };
}
