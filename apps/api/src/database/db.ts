import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';

/**
 * The database as services see it: the current transaction when there is one (an idempotent
 * request runs its whole handler in one, so the key and the effect commit together), otherwise
 * the pool. Transactions nest by joining the outer one.
 */
@Injectable()
export class Db {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  get manager(): EntityManager {
    return this.txHost.tx;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.txHost.withTransaction(() => work(this.txHost.tx));
  }
}
