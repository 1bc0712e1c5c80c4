import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';

/**
 * The database as services see it: the current transaction when there is one (an idempotent
 * request runs its whole handler in one, so the key and the effect commit together), otherwise
 * the pool. A transaction started inside another is a savepoint, so work that fails and is
 * handled (one item of a bulk approval, say) undoes only itself and leaves the outer one usable.
 */
@Injectable()
export class Db {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  get manager(): EntityManager {
    return this.txHost.tx;
  }

  /** Whether this code runs inside a transaction already (an idempotent request's, say). */
  get inTransaction(): boolean {
    return this.txHost.isTransactionActive();
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.txHost.withTransaction(Propagation.Nested, () => work(this.txHost.tx));
  }
}
