import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type { LoginResponse, Me, Role } from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';

/** Marks cookie-authenticated calls as coming from this app (the API refuses them otherwise). */
const FROM_APP = new HttpHeaders({ 'X-Requested-With': 'ahp-web' });

/** A sign-in answer; `mfaEnrolmentRequired` when the person must set up two-step verification first. */
export interface SignInResponse extends LoginResponse {
  mfaEnrolmentRequired?: boolean;
}

/** The password was right, and a security code is needed to finish signing in. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
}

/** Where signing in got to: done, or waiting for a security code. */
export type SignInStep = { user: Me } | { mfaToken: string };

/**
 * Who is signed in. The access token lives only in memory; the httpOnly session cookie (which
 * scripts cannot read) renews it, so a reload or a new tab stays signed in without the token ever
 * being stored where other scripts could take it.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private token: string | null = null;
  private pendingRefresh: Promise<boolean> | null = null;

  readonly user = signal<Me | null>(null);
  readonly role = computed<Role | null>(() => this.user()?.role ?? null);
  /** Signed in, but must set up two-step verification before going anywhere else. */
  readonly mfaEnrolmentRequired = signal(false);

  accessToken(): string | null {
    return this.token;
  }

  /** Picks up an existing session, if the browser has one. Never fails. */
  async restore(): Promise<void> {
    await this.refresh();
  }

  async signIn(email: string, password: string): Promise<SignInStep> {
    const response = await firstValueFrom(
      this.http.post<SignInResponse | MfaChallenge>('/api/auth/login', { email, password }),
    );
    if ('mfaRequired' in response) return { mfaToken: response.mfaToken };
    return { user: this.apply(response) };
  }

  /** The second step for people with two-step verification: a code from their app, or a recovery code. */
  async completeSignIn(mfaToken: string, code: string): Promise<Me> {
    return this.apply(
      await firstValueFrom(
        this.http.post<SignInResponse>('/api/auth/login/mfa', { mfaToken, code }),
      ),
    );
  }

  /** After the password changes, the API hands back a new token: the old ones no longer work. */
  useNewToken(response: SignInResponse): void {
    this.apply(response);
  }

  /** Two-step verification is now set up, so nothing is held back any more. */
  mfaEnrolled(): void {
    this.mfaEnrolmentRequired.set(false);
  }

  async acceptInvitation(token: string, password: string): Promise<Me> {
    return this.apply(
      await firstValueFrom(
        this.http.post<SignInResponse>('/api/auth/accept-invitation', { token, password }),
      ),
    );
  }

  /** Gets a fresh access token from the session cookie; false when there is no live session. */
  refresh(): Promise<boolean> {
    this.pendingRefresh ??= firstValueFrom(
      this.http.post<SignInResponse>('/api/auth/refresh', {}, { headers: FROM_APP }),
    )
      .then((response) => {
        this.apply(response);
        return true;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => (this.pendingRefresh = null));
    return this.pendingRefresh;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/api/auth/logout', {}, { headers: FROM_APP }));
    } finally {
      this.clear();
    }
  }

  /** After the person changes their own details. */
  updateUser(user: Me): void {
    this.user.set(user);
  }

  clear(): void {
    this.token = null;
    this.user.set(null);
    this.mfaEnrolmentRequired.set(false);
  }

  private apply(response: SignInResponse): Me {
    this.token = response.accessToken;
    this.mfaEnrolmentRequired.set(response.mfaEnrolmentRequired === true);
    this.user.set(response.user);
    return response.user;
  }
}
