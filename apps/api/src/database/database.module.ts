import { Global, Logger, Module } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule, type ClsModuleOptions } from 'nestjs-cls';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, guardConnections, runMigrations } from './data-source';
import { withoutGlobalEnhancers } from './cls';
import { Db } from './db';

export const CLS_OPTIONS: ClsModuleOptions = {
  global: true,
  plugins: [
    new ClsPluginTransactional({
      imports: [TypeOrmModule],
      adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
    }),
  ],
};

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        dataSourceOptions({
          url: config.get('DATABASE_URL'),
          poolSize: config.get('DB_POOL_SIZE'),
        }),
      // Pending migrations are applied before anything else touches the database.
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('No database options');
        const dataSource = await new DataSource(options).initialize();
        guardConnections(dataSource);
        const applied = await runMigrations(dataSource);
        if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
    // Request-independent context for transactions: services join the current one (see Db).
    withoutGlobalEnhancers(ClsModule.forRoot(CLS_OPTIONS)),
  ],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
