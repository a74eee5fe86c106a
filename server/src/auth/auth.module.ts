import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminTokensController } from './admin-tokens.controller.js';
import { AuthGuard } from './auth.guard.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

@Global()
@Module({
  controllers: [AdminTokensController],
  providers: [TokensRepository, TokensService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokensService],
})
export class AuthModule {}
