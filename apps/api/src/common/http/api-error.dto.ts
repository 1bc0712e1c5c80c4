import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ApiErrorBody, type ErrorCode, type FieldError } from '@ahp/contracts';

export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'studentProfile.profession' })
  field: string;

  @ApiProperty({ example: 'studentProfile.profession must be one of: art_therapy, ...' })
  message: string;
}

/** The shape of every error response. */
export class ApiErrorResponseDto implements ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ example: 'email must be an e-mail address' })
  message: string;

  @ApiPropertyOptional({ enum: ERROR_CODES, enumName: 'ErrorCode' })
  code?: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];
}
