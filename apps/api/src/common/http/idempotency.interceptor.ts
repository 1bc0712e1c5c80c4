import {
  HttpStatus,
  Injectable,
  RequestMethod,
  type CallHandler,
  type INestApplication,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants';
import { SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { queryRows } from '../../database/query';
import { DomainException } from '../errors/domain.exception';

const KEY = /^[\x21-\x7e]{1,200}$/;

const SECRET_RESPONSE = 'ahp:secret-response';

/**
 * The route answers with secrets (a two-step verification secret, recovery codes, a new access
 * token). Replaying a response means storing it, and these must never be stored, so such a
 * route refuses an Idempotency-Key rather than keep a copy of its answer.
 */
export const SecretResponse = () => SetMetadata(SECRET_RESPONSE, true);

/**
 * `Idempotency-Key` on mutating POSTs, as API.md describes: the whole request runs in one
 * transaction that also stores the key with a fingerprint of the request and, when it succeeds,
 * the response. A repeat with the same key and body gets the stored response and changes nothing;
 * the same key with a different request is a 422. A repeat that arrives while the first is still
 * running waits for it (the key's row is locked until the first commits). Failed requests store
 * nothing, so they can be retried with the same key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['idempotency-key'];
    if (request.method !== 'POST' || header === undefined || !request.actor) return next.handle();
    if (this.reflector.get<boolean>(SECRET_RESPONSE, context.getHandler())) {
      throw DomainException.invalidField(
        'Idempotency-Key',
        'This request answers with secrets, which are never stored, so it cannot be repeated with an Idempotency-Key; send it without one',
      );
    }
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY.test(key)) {
      throw DomainException.invalidField(
        'Idempotency-Key',
        'The Idempotency-Key header must be 1 to 200 visible characters',
      );
    }
    const actorId = request.actor.id;
    const path = request.url.split('?')[0];
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n`)
      .update(
        typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? null),
      )
      .digest();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;

    return from(
      this.txHost.withTransaction(async () => {
        const em = this.txHost.tx;
        const claimed = await queryRows<{ key: string }>(
          em,
          `INSERT INTO idempotency_key (actor_id, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (actor_id, key) DO NOTHING RETURNING key`,
          [actorId, key, request.method, path, fingerprint],
        );
        if (!claimed.length) {
          const [first] = await queryRows<{ request_hash: Buffer; response: unknown }>(
            em,
            `SELECT request_hash, response FROM idempotency_key WHERE actor_id = $1 AND key = $2`,
            [actorId, key],
          );
          if (!first.request_hash.equals(fingerprint)) {
            throw new DomainException(
              HttpStatus.UNPROCESSABLE_ENTITY,
              'idempotency_key_reused',
              'This Idempotency-Key was already used for a different request.',
            );
          }
          return first.response;
        }
        const response = await lastValueFrom(next.handle(), { defaultValue: null });
        await em.query(
          `UPDATE idempotency_key SET status_code = $3, response = $4 WHERE actor_id = $1 AND key = $2`,
          [actorId, key, status, JSON.stringify(response ?? null)],
        );
        return response;
      }),
    );
  }
}

/**
 * Puts the interceptor on every POST route, ahead of any the route declares itself, instead of
 * registering it globally: a route with no interceptor at all skips Nest's interceptor chain (an
 * RxJS pipeline and an `AsyncResource.bind` per interceptor per request), which every read would
 * otherwise pay for nothing. Must run before the routes are registered (`app.init()`/`listen()`).
 */
export function interceptPostRoutes(app: INestApplication, interceptor: NestInterceptor): void {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  for (const wrapper of discovery.getControllers()) {
    const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
    if (!prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as object;
      if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      // The metadata lives on the controller class, shared by every app built in this process
      // (tests build several); one built earlier has already read it, so its instance is replaced.
      const declared = (
        (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[]
      ).filter((existing) => !(existing instanceof IdempotencyInterceptor));
      Reflect.defineMetadata(INTERCEPTORS_METADATA, [interceptor, ...declared], handler);
    }
  }
}
