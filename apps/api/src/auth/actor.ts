import type { Role } from '@ahp/contracts';

/** Who is making a request, as established by the access token. Services take it as their first argument. */
export interface Actor {
  id: string;
  role: Role;
  organisationId: string | null;
  /** The web session the token was issued for, if any. */
  sessionId: string | null;
  /** For the audit log: ties a change to the request that made it. */
  requestId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}
