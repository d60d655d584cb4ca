import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsIsoDate } from '../../../infra/http/validators';
import { ID_PATTERN } from '../../claims/intake/intake-limits';
import { CODE_PATTERN } from '../../reference/dto/geography.dto';

export class EnrolmentSummaryQueryDto {
  @ApiProperty({
    example: '2026-01-01',
    description: 'register snapshot date: who is enrolled that day, age on that day',
  })
  @IsDefined({ message: 'snapshot is required (YYYY-MM-DD)' })
  @IsIsoDate()
  snapshot: string;

  @ApiPropertyOptional({ description: "one facility (default: every facility in the caller's scope)" })
  @IsOptional()
  @IsString({ message: 'facility must be a string' })
  @MaxLength(64, { message: 'facility must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'facility may hold only A-Z a-z 0-9 . _ : -' })
  facility?: string;

  @ApiPropertyOptional({ description: 'one district' })
  @IsOptional()
  @IsString({ message: 'district must be a string' })
  @Matches(CODE_PATTERN, { message: 'district must be a district code' })
  district?: string;
}

export interface AgeBandCount {
  /** e.g. `M 5-14`, `F 70+`. */
  band: string;
  sex: 'M' | 'F' | 'U';
  ageFrom: number;
  /** Inclusive; null for the open top band. */
  ageTo: number | null;
  count: number;
}

export interface EnrolmentSummary {
  snapshot: string;
  facility: string | null;
  district: string | null;
  total: number;
  bySex: { M: number; F: number; U: number };
  bands: AgeBandCount[];
}
