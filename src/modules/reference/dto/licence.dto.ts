import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TELEMEDICINE_MODES, type TelemedicineMode } from '../../../domain/tariff-book/model';
import { IsIsoDate } from '../../../infra/http/validators';
import { PageQueryDto } from '../../../infra/http/pagination';
import { ID_PATTERN } from '../../claims/intake/intake-limits';
import { LICENCE_KINDS, type LicenceKind } from '../entities/facility-licence.entity';

export class LicenceInputDto {
  @ApiProperty({ example: 'F-0207' })
  @IsDefined({ message: 'facilityId is required' })
  @IsString({ message: 'facilityId must be a string' })
  @MaxLength(64, { message: 'facilityId must be at most 64 characters' })
  @Matches(ID_PATTERN, { message: 'facilityId may hold only A-Z a-z 0-9 . _ : -' })
  facilityId: string;

  @ApiProperty({ enum: LICENCE_KINDS })
  @IsDefined({ message: 'kind is required' })
  @IsIn(LICENCE_KINDS, { message: `kind must be one of ${LICENCE_KINDS.join(', ')}` })
  kind: LicenceKind;

  @ApiPropertyOptional({ enum: TELEMEDICINE_MODES, description: 'required for kind telemedicine, absent otherwise' })
  @ValidateIf(
    (o: LicenceInputDto) =>
      o.kind === 'telemedicine' || (o.telemedicineMode !== undefined && o.telemedicineMode !== null),
  )
  @IsDefined({ message: 'telemedicineMode is required for a telemedicine licence' })
  @IsIn(TELEMEDICINE_MODES, { message: `telemedicineMode must be one of ${TELEMEDICINE_MODES.join(', ')}` })
  telemedicineMode?: TelemedicineMode | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'category must be a string' })
  @MaxLength(200, { message: 'category must be at most 200 characters' })
  category?: string | null;

  @ApiProperty({ example: 'TM-2026-0042' })
  @IsDefined({ message: 'number is required' })
  @IsString({ message: 'number must be a string' })
  @MinLength(1, { message: 'number must not be empty' })
  @MaxLength(64, { message: 'number must be at most 64 characters' })
  number: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'issuedBy must be a string' })
  @MaxLength(200, { message: 'issuedBy must be at most 200 characters' })
  issuedBy?: string | null;

  @ApiProperty({ example: '2026-01-01' })
  @IsDefined({ message: 'validFrom is required' })
  @IsIsoDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2028-12-31', nullable: true, description: 'inclusive; open-ended when absent' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIsoDate()
  validTo?: string | null;
}

export class LicenceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LICENCE_KINDS })
  @IsOptional()
  @IsIn(LICENCE_KINDS, { message: `kind must be one of ${LICENCE_KINDS.join(', ')}` })
  kind?: LicenceKind;

  @ApiPropertyOptional({ description: 'only licences valid on this date (and not revoked)' })
  @IsOptional()
  @IsIsoDate()
  validOn?: string;
}

export interface LicenceView {
  id: string;
  facilityId: string;
  kind: LicenceKind;
  telemedicineMode: TelemedicineMode | null;
  category: string | null;
  number: string;
  issuedBy: string | null;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
}
