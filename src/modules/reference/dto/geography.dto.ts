import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../infra/http/pagination';

export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,16}$/;
const CODE_MESSAGE = 'must be 1–16 characters of A-Z a-z 0-9 . _ -';

export class RegionInputDto {
  @ApiProperty({ example: '1703' })
  @IsDefined({ message: 'code is required' })
  @IsString({ message: 'code must be a string' })
  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: 'Andijon viloyati' })
  @IsDefined({ message: 'nameUz is required' })
  @IsString({ message: 'nameUz must be a string' })
  @MinLength(1, { message: 'nameUz must not be empty' })
  @MaxLength(200, { message: 'nameUz must be at most 200 characters' })
  nameUz: string;

  @ApiProperty({ example: 'Андижанская область' })
  @IsDefined({ message: 'nameRu is required' })
  @IsString({ message: 'nameRu must be a string' })
  @MinLength(1, { message: 'nameRu must not be empty' })
  @MaxLength(200, { message: 'nameRu must be at most 200 characters' })
  nameRu: string;

  @ApiProperty({ example: 'Andijan region' })
  @IsDefined({ message: 'nameEn is required' })
  @IsString({ message: 'nameEn must be a string' })
  @MinLength(1, { message: 'nameEn must not be empty' })
  @MaxLength(200, { message: 'nameEn must be at most 200 characters' })
  nameEn: string;
}

export class DistrictInputDto extends RegionInputDto {
  @ApiProperty({ example: '1703' })
  @IsDefined({ message: 'regionCode is required' })
  @IsString({ message: 'regionCode must be a string' })
  @Matches(CODE_PATTERN, { message: `regionCode ${CODE_MESSAGE}` })
  regionCode: string;
}

export class DistrictListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'region code' })
  @IsOptional()
  @IsString({ message: 'region must be a string' })
  @Matches(CODE_PATTERN, { message: `region ${CODE_MESSAGE}` })
  region?: string;
}

export interface RegionView {
  code: string;
  nameUz: string;
  nameRu: string;
  nameEn: string;
}

export interface DistrictView extends RegionView {
  regionCode: string;
}

export interface UpsertReport {
  created: number;
  updated: number;
}
