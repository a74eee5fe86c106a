import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminTokensController } from './admin-tokens.controller.js';
import { AuthGuard } from './auth.guard.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

@Global()
@Module({
  controllers: [AdminTokensController, SessionsController],
  providers: [TokensRepository, TokensService, SessionsRepository, SessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService, SessionsService],
})
export class AuthModule {}
