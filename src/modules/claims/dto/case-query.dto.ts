import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../infra/http/pagination';
import { IsYearMonth } from '../../../infra/http/validators';
import { CODE_PATTERN } from '../../reference/dto/geography.dto';
import { ID_PATTERN } from '../intake/intake-limits';
import { CASE_STATUSES, type CaseStatus } from '../entities/case.entity';

const GROUP_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Filters shared by the case and pricing-result lists; each narrows the caller's scope, never widens it. */
export class CaseFiltersDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'district code' })
  @IsOptional()
  @IsString({ message: 'district must be a string' })
  @Matches(CODE_PATTERN, { message: 'district must be a district code' })
  district?: string;

  @ApiPropertyOptional({ description: 'facility id' })
  @IsOptional()
  @IsString({ message: 'facility must be a string' })
  @MaxLength(64, { message: 'facility must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'facility may hold only A-Z a-z 0-9 . _ : -' })
  facility?: string;

  @ApiPropertyOptional({ description: 'settlement month YYYY-MM', example: '2026-01' })
  @IsOptional()
  @IsYearMonth()
  month?: string;

  @ApiPropertyOptional({ description: 'group code (of the latest pricing result, for cases)' })
  @IsOptional()
  @IsString({ message: 'group must be a string' })
  @Matches(GROUP_PATTERN, { message: 'group must be a group code' })
  group?: string;
}

export class CaseListQueryDto extends CaseFiltersDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES, description: 'case version status' })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;
}

export class PricingResultListQueryDto extends CaseFiltersDto {
  @ApiPropertyOptional({ enum: ['priced', 'error'] })
  @IsOptional()
  @IsIn(['priced', 'error'], { message: 'status must be one of priced, error' })
  status?: 'priced' | 'error';
}

export class UuidParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(UUID, { message: 'id must be a UUID' })
  id: string;
}

export class PriceQueryDto {
  @ApiPropertyOptional({ description: 'price under this book code (with version) instead of the book in force' })
  @IsOptional()
  @IsString({ message: 'book must be a string' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'book must be a book code' })
  book?: string;

  @ApiPropertyOptional({ description: 'version of `book`' })
  @IsOptional()
  @IsString({ message: 'version must be a string' })
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'version must be a book version' })
  version?: string;
}

export class CsvImportQueryDto {
  @ApiPropertyOptional({ description: 'file name used in error paths (default cases.csv)' })
  @IsOptional()
  @IsString({ message: 'source must be a string' })
  @Matches(/^[A-Za-z0-9._-]{1,128}$/, { message: 'source must be a file name' })
  source?: string;
}
