import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocsController } from './docs.controller.js';
import { OpenApiService } from './openapi.service.js';

/** /api/docs: the API described from the running application's own routes and schemas. */
@Module({ imports: [DiscoveryModule], controllers: [DocsController], providers: [OpenApiService] })
export class DocsModule {}
