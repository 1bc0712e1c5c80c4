import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';

/**
 * Server-side secrets. JWT_SECRET from the environment wins; otherwise a random secret is made on
 * first start and kept in the database, so every API process sharing the database agrees on it
 * and nothing secret ever needs to be in the repository or a compose file.
 */
@Injectable()
export class SecretsService {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async signingSecret(): Promise<string> {
    return this.config.get('JWT_SECRET') ?? this.stored('jwt');
  }

  /** Derives a per-purpose token from the server secret, e.g. an invitation link's token from its id. */
  async derive(purpose: string, id: string): Promise<string> {
    const key = await this.stored('tokens');
    return createHmac('sha256', key).update(`${purpose}:${id}`).digest('base64url');
  }

  /**
   * A 256-bit key for encrypting data at rest (two-step verification secrets), derived with HKDF
   * from the signing secret: with JWT_SECRET set, a copy of the database alone cannot decrypt.
   */
  async encryptionKey(purpose: string): Promise<Buffer> {
    const secret = await this.signingSecret();
    return Buffer.from(hkdfSync('sha256', secret, 'ahp-placements', `encryption:${purpose}`, 32));
  }

  private async stored(name: string): Promise<string> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    await this.dataSource.query(
      `INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, randomBytes(48).toString('base64url')],
    );
    const rows: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM app_secret WHERE name = $1`,
      [name],
    );
    this.cache.set(name, rows[0].value);
    return rows[0].value;
  }
}
