import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ID_PATTERN } from '../../claims/intake/intake-limits';
import { IsIsoDate } from '../../../infra/http/validators';
import { PageQueryDto } from '../../../infra/http/pagination';
import { FACILITY_LEVELS, FACILITY_TYPES, type FacilityLevel, type FacilityType } from '../entities/facility.entity';
import { CODE_PATTERN } from './geography.dto';

/** numeric(12,4) and above zero: at most 8 whole digits and 4 decimals. */
const COEFFICIENT = /^(?!0+(\.0+)?$)\d{1,8}(\.\d{1,4})?$/;

export class FacilityInputDto {
  @ApiProperty({ example: 'F-0207', description: "registry id, as on the facility's claims" })
  @IsDefined({ message: 'id is required' })
  @IsString({ message: 'id must be a string' })
  @MaxLength(64, { message: 'id must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'id may hold only A-Z a-z 0-9 . _ : -' })
  id: string;

  @ApiProperty({ example: 'Regional perinatal centre' })
  @IsDefined({ message: 'name is required' })
  @IsString({ message: 'name must be a string' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  @ApiProperty({ enum: FACILITY_LEVELS })
  @IsDefined({ message: 'level is required' })
  @IsIn(FACILITY_LEVELS, { message: `level must be one of ${FACILITY_LEVELS.join(', ')}` })
  level: FacilityLevel;

  @ApiProperty({ enum: FACILITY_TYPES })
  @IsDefined({ message: 'type is required' })
  @IsIn(FACILITY_TYPES, { message: `type must be one of ${FACILITY_TYPES.join(', ')}` })
  type: FacilityType;

  @ApiProperty({ example: '1703202' })
  @IsDefined({ message: 'districtCode is required' })
  @IsString({ message: 'districtCode must be a string' })
  @Matches(CODE_PATTERN, { message: 'districtCode must be 1–16 characters of A-Z a-z 0-9 . _ -' })
  districtCode: string;

  @ApiPropertyOptional({ example: '1.05', nullable: true, description: 'decimal string; the book default when null' })
  @IsOptional()
  @IsString({ message: 'managementCoefficient must be a decimal string such as "1.05"' })
  @Matches(COEFFICIENT, { message: 'managementCoefficient must be a decimal above 0 with at most 4 decimals' })
  managementCoefficient?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['rural'] })
  @IsOptional()
  @IsArray({ message: 'capitationAdjustments must be an array of codes' })
  @ArrayMaxSize(20, { message: 'capitationAdjustments holds at most 20 codes' })
  @IsString({ each: true, message: 'capitationAdjustments must hold strings' })
  @Matches(CODE_PATTERN, { each: true, message: 'each capitation adjustment must be a code of A-Z a-z 0-9 . _ -' })
  capitationAdjustments?: string[];

  @ApiPropertyOptional({ example: '2026-01-01', nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIsoDate()
  pilotStartDate?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class FacilityListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'district code' })
  @IsOptional()
  @IsString({ message: 'district must be a string' })
  @Matches(CODE_PATTERN, { message: 'district must be a district code' })
  district?: string;

  @ApiPropertyOptional({ description: 'region code' })
  @IsOptional()
  @IsString({ message: 'region must be a string' })
  @Matches(CODE_PATTERN, { message: 'region must be a region code' })
  region?: string;

  @ApiPropertyOptional({ enum: FACILITY_LEVELS })
  @IsOptional()
  @IsIn(FACILITY_LEVELS, { message: `level must be one of ${FACILITY_LEVELS.join(', ')}` })
  level?: FacilityLevel;

  @ApiPropertyOptional({ enum: FACILITY_TYPES })
  @IsOptional()
  @IsIn(FACILITY_TYPES, { message: `type must be one of ${FACILITY_TYPES.join(', ')}` })
  type?: FacilityType;
}

export class FacilityIdParamDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64, { message: 'id must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'id may hold only A-Z a-z 0-9 . _ : -' })
  id: string;
}

export interface FacilityView {
  id: string;
  name: string;
  level: FacilityLevel;
  type: FacilityType;
  districtCode: string;
  regionCode: string;
  managementCoefficient: string | null;
  capitationAdjustments: string[];
  pilotStartDate: string | null;
  active: boolean;
}
