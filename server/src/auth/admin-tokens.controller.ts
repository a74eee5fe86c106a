import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { NewToken } from '@sitroom/shared';
import { parse } from '../errors/parse.pipe.js';
import { Roles } from './roles.decorator.js';
import { TokensService } from './tokens.service.js';

@Controller('api/admin/tokens')
@Roles('admin')
export class AdminTokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  issue(@Body(parse(NewToken)) body: NewToken) { return this.tokens.issue(body); }

  @Delete(':id') @HttpCode(204)
  revoke(@Param('id') id: string) { return this.tokens.revoke(id); }
}
