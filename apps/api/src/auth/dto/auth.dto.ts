import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '@ahp/contracts';
import { MeDto } from '../../users/dto/user.dto';
import { PasswordField } from '../../common/validation/fields';

export class LoginDto {
  // Not validated as an address: a malformed one is simply a failed sign-in, answered like any other.
  @ApiProperty({
    format: 'email',
    maxLength: EMAIL_MAX_LENGTH,
    example: 'coordinator@northdale.ac.example',
  })
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  email: string;

  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class InvitationTokenParam {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{32,128}$/, { message: 'token is not an invitation token' })
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenParam {
  @PasswordField()
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>"' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ type: () => MeDto })
  user: MeDto;

  @ApiPropertyOptional({
    description:
      'Present (true) when the person must set up two-step verification before anything else: every other endpoint answers 403 until they have',
  })
  mfaEnrolmentRequired?: boolean;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true], description: 'The password was right; a security code is needed' })
  mfaRequired: true;

  @ApiProperty({ description: 'Send back with the code to POST /api/auth/login/mfa' })
  mfaToken: string;

  @ApiProperty({ description: 'Seconds the challenge stays valid' })
  expiresIn: number;
}

export class MfaLoginDto {
  @ApiProperty({ description: 'From the sign-in response' })
  @IsString()
  @MaxLength(2000)
  mfaToken: string;

  @ApiProperty({
    description: 'The 6-digit code from the authenticator app, or one of the recovery codes',
    example: '123456',
  })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class InvitationDetailsDto {
  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  organisationName: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
