import { Module, type DynamicModule } from '@nestjs/common';
import { ClientConfigController } from './client-config.controller.js';
import { WebController } from './web.controller.js';
import { CLIENT_DIST } from './web.tokens.js';

@Module({})
export class WebModule {
  static forRoot(dist: string): DynamicModule {
    return { module: WebModule, controllers: [WebController, ClientConfigController], providers: [{ provide: CLIENT_DIST, useValue: dist }] };
  }
}
