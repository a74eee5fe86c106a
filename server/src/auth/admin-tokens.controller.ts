import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { NewToken } from '@sitroom/shared';
import { parse } from '../errors/parse.pipe.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { Caller, Roles } from './roles.decorator.js';
import { TokensService } from './tokens.service.js';

@Controller('api/admin/tokens')
@Roles('admin')
export class AdminTokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post() @Doc({ summary: 'Issue a token (shown once; stored as a hash)', body: NewToken, responses: { 201: '{ id, token, role, org, label }' } })
  issue(@Caller() who: Caller, @Body(parse(NewToken)) body: NewToken) { return this.tokens.issue(body, who); }

  @Delete(':id') @HttpCode(204) @Doc({ summary: 'Revoke a token, cutting its live connections', responses: { 204: 'Revoked' } })
  revoke(@Caller() who: Caller, @Param('id') id: string) { return this.tokens.revoke(id, who); }
}
