import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainException } from '../errors/domain.exception';

const BODY_MEDIA_TYPE = 'ahp:body-media-type';

/** The route takes a CSV file (`Content-Type: text/csv`) rather than JSON. */
export const CsvBody = () =>
  applyDecorators(SetMetadata(BODY_MEDIA_TYPE, 'text/csv'), ApiConsumes('text/csv'));

/**
 * Request bodies are JSON, or CSV where a route says so. Without this, a form post whose fields
 * happened to match a DTO would be accepted, which no endpoint means to allow.
 */
@Injectable()
export class MediaTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const sent = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
    if (!sent) return true;
    const expected =
      this.reflector.getAllAndOverride<string | undefined>(BODY_MEDIA_TYPE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'application/json';
    if (sent !== expected) {
      throw new DomainException(
        415,
        'unsupported_media_type',
        `Send the request body as ${expected}.`,
      );
    }
    return true;
  }
}
