import { ApiProperty } from '@nestjs/swagger';
import {
  ORGANISATION_TYPE_CODES,
  REGION_CODES,
  type OrganisationType,
  type Region,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import { EnumField, PostcodeField, TextField } from '../../common/validation/fields';

export class CreateOrganisationDto {
  @TextField({ maxLength: 200, example: 'University of Northdale' })
  name: string;

  @EnumField(ORGANISATION_TYPE_CODES, { enumName: 'OrganisationType' })
  type: OrganisationType;

  @EnumField(REGION_CODES, { enumName: 'Region' })
  region: Region;

  @PostcodeField({ optional: true })
  postcode?: string | null;
}

export class OrganisationListQueryDto extends PageQueryDto {
  @EnumField(ORGANISATION_TYPE_CODES, { optional: true, enumName: 'OrganisationType' })
  type?: OrganisationType;

  @EnumField(REGION_CODES, { optional: true, enumName: 'Region' })
  region?: Region;

  @TextField({ optional: true, maxLength: 100, description: 'Matches part of the name' })
  q?: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORGANISATION_TYPE_CODES, enumName: 'OrganisationType' })
  type: OrganisationType;

  @ApiProperty({ enum: REGION_CODES, enumName: 'Region' })
  region: Region;

  @ApiProperty({ type: String, nullable: true })
  postcode: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] })
  items: OrganisationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
