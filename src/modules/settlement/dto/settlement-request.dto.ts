import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsYearMonth } from '../../../infra/http/validators';

export class SettlementRequestDto {
  @ApiProperty({ description: 'district:CODE, region:CODE or nation', example: 'district:1703202' })
  @IsString({ message: 'scope must be a string' })
  @Matches(/^(nation|(district|region):[A-Za-z0-9_-]{1,16})$/, {
    message: 'scope must be district:CODE, region:CODE or nation',
  })
  scope: string;

  @ApiProperty({ description: 'settlement month YYYY-MM', example: '2026-03' })
  @IsYearMonth()
  month: string;

  @ApiPropertyOptional({
    description: 'tariff book CODE@VERSION (default: the published book in force)',
    example: 'UZ-KZG-SAMPLE@2026.1',
  })
  @IsOptional()
  @IsString({ message: 'book must be a string' })
  @MaxLength(100, { message: 'book must be at most 100 characters' })
  @Matches(/^[^@\s]{1,64}@[^@\s]{1,32}$/, { message: 'book must be CODE@VERSION' })
  book?: string;

  @ApiPropertyOptional({
    description: 'idempotency key (or the Idempotency-Key header): asking again with it gives the same run',
    example: 'march-2026-d1',
  })
  @IsOptional()
  @IsString({ message: 'idempotencyKey must be a string' })
  @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'idempotencyKey must be 1–128 printable characters without spaces' })
  idempotencyKey?: string;
}

export class RunIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    message: 'id must be a UUID',
  })
  id: string;
}
