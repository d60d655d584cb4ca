import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../infra/http/pagination';
import { IsYearMonth } from '../../../infra/http/validators';
import { ID_PATTERN } from '../../claims/intake/intake-limits';
import { CODE_PATTERN } from '../../reference/dto/geography.dto';

/** Filters the advance and adjustment lists share; each narrows the caller's scope, never widens it. */
class RegisterFiltersDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'facility id' })
  @IsOptional()
  @IsString({ message: 'facility must be a string' })
  @MaxLength(64, { message: 'facility must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'facility may hold only A-Z a-z 0-9 . _ : -' })
  facility?: string;

  @ApiPropertyOptional({ description: "district code (of the facility's district)" })
  @IsOptional()
  @IsString({ message: 'district must be a string' })
  @Matches(CODE_PATTERN, { message: 'district must be a district code' })
  district?: string;
}

export class AdvanceListQueryDto extends RegisterFiltersDto {
  @ApiPropertyOptional({ description: 'month the advance was paid for, YYYY-MM', example: '2026-03' })
  @IsOptional()
  @IsYearMonth()
  month?: string;
}

export class AdjustmentListQueryDto extends RegisterFiltersDto {
  @ApiPropertyOptional({ description: 'month the adjustment is paid in, YYYY-MM', example: '2026-03' })
  @IsOptional()
  @IsYearMonth()
  toMonth?: string;
}

export class RegisterImportQueryDto {
  @ApiPropertyOptional({ description: 'file name used in error paths (default: services.csv, advances.csv, …)' })
  @IsOptional()
  @IsString({ message: 'source must be a string' })
  @Matches(/^[A-Za-z0-9._-]{1,128}$/, { message: 'source must be a file name' })
  source?: string;
}
