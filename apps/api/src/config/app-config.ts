import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isAbsolute, join, resolve } from 'node:path';
import type { Environment } from './environment';

/** Typed, derived settings; inject this rather than reading process.env anywhere else. */
@Injectable()
export class AppConfig {
  constructor(private readonly config: ConfigService<Environment, true>) {}

  get<K extends keyof Environment>(key: K): Environment[K] {
    return this.config.get(key, { infer: true });
  }

  get isProduction(): boolean {
    return this.get('NODE_ENV') === 'production';
  }

  get dataDir(): string {
    return resolve(this.get('DATA_DIR'));
  }

  get mailDir(): string {
    const dir = this.get('MAIL_DIR');
    return dir ? resolve(dir) : join(this.dataDir, 'mail');
  }

  get webDistDir(): string {
    const dir = this.get('WEB_DIST_DIR');
    return isAbsolute(dir) ? dir : resolve(dir);
  }

  get publicUrl(): string {
    return (this.get('PUBLIC_URL') ?? `http://localhost:${this.get('PORT')}`).replace(/\/+$/, '');
  }
}
