import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { SignInResponse } from '../../core/session';

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  enrolmentRequired: boolean;
  recoveryCodesLeft: number | null;
}

export interface MfaEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** A data:image/png;base64 URL. */
  qrCode: string;
}

/** The signed-in person's own sign-in settings: two-step verification and their password. */
@Injectable({ providedIn: 'root' })
export class SecurityClient {
  private readonly http = inject(HttpClient);

  mfaStatus(): Promise<MfaStatus> {
    return firstValueFrom(this.http.get<MfaStatus>('/api/me/mfa'));
  }

  startEnrolment(): Promise<MfaEnrolment> {
    return firstValueFrom(this.http.post<MfaEnrolment>('/api/me/mfa/enrol', {}));
  }

  async confirmEnrolment(code: string): Promise<string[]> {
    const reply = await firstValueFrom(
      this.http.post<{ recoveryCodes: string[] }>('/api/me/mfa/confirm', { code }),
    );
    return reply.recoveryCodes;
  }

  async newRecoveryCodes(code: string): Promise<string[]> {
    const reply = await firstValueFrom(
      this.http.post<{ recoveryCodes: string[] }>('/api/me/mfa/recovery-codes', { code }),
    );
    return reply.recoveryCodes;
  }

  async turnOff(password: string, code: string): Promise<void> {
    await firstValueFrom(this.http.delete('/api/me/mfa', { body: { password, code } }));
  }

  changePassword(currentPassword: string, newPassword: string): Promise<SignInResponse> {
    return firstValueFrom(
      this.http.post<SignInResponse>('/api/me/password', { currentPassword, newPassword }),
    );
  }
}
