import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '@ahp/contracts';
import { PasswordField, TextField } from '../../common/validation/fields';

export class MfaStatusDto {
  @ApiProperty({ description: 'Two-step verification is set up and used at sign-in' })
  enabled: boolean;

  @ApiProperty({ description: 'Your role must use two-step verification' })
  required: boolean;

  @ApiProperty({ description: 'Required but not yet set up: nothing else works until it is' })
  enrolmentRequired: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'Unused recovery codes' })
  recoveryCodesLeft: number | null;
}

export class MfaEnrolmentDto {
  @ApiProperty({
    description: 'The base32 secret, for typing into an app by hand. Shown only now.',
  })
  secret: string;

  @ApiProperty({ example: 'otpauth://totp/AHP%20Placements:name%40example.org?issuer=…' })
  otpauthUri: string;

  @ApiProperty({ description: 'The otpauth URI as a QR code: a data:image/png;base64 URL' })
  qrCode: string;
}

export class MfaCodeDto {
  @ApiProperty({
    description: 'A 6-digit code from the authenticator app (or, where accepted, a recovery code)',
    example: '123456',
  })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class DisableMfaDto extends MfaCodeDto {
  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'Ten single-use codes, shown only now: each can replace a security code once',
  })
  recoveryCodes: string[];
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @PasswordField({ description: 'Checked against the same policy as a new account’s password' })
  newPassword: string;
}

export class ResetMfaDto {
  @TextField({
    maxLength: 500,
    description: 'Why, for the audit record and the person (e.g. how their identity was checked)',
    example:
      'Lost phone and recovery codes; identity checked by video call with their line manager',
  })
  reason: string;
}
