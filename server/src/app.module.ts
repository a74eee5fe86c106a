import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { SessionsService } from './auth/sessions.service.js';
import { ChangesModule } from './changes/changes.module.js';
import type { AppConfig } from './config/app-config.js';
import { HttpErrorFilter } from './errors/http-error.filter.js';
import { graphqlConfig } from './graphql/graphql.config.js';
import { DocsModule } from './docs/docs.module.js';
import { FeedsModule } from './feeds/feeds.module.js';
import { HealthModule } from './health/health.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { LiveModule } from './live/live.module.js';
import { NeedsModule } from './needs/needs.module.js';
import { OffersModule } from './offers/offers.module.js';
import { CoreModule } from './redis/core.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { TaxonomyModule } from './taxonomy/taxonomy.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  static forRoot(opts: { config: AppConfig; redisUrl: string; clientDist: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts.config, opts.redisUrl),
        AuditModule,
        ChangesModule,
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: graphqlConfig.driver,
          inject: [SessionsService],
          useFactory: (sessions: SessionsService) => graphqlConfig(sessions),
        }),
        TaxonomyModule,
        HealthModule,
        DocsModule,
        ReportsModule,
        OffersModule,
        NeedsModule,
        AlertsModule,
        FeedsModule,
        IncidentsModule,
        LiveModule,
        WebModule.forRoot(opts.clientDist),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
