import { Body, Controller, Get, Put } from '@nestjs/common';
import { z } from 'zod';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { IntakeService } from './intake.service.js';

const IntakeSwitch = z.strictObject({
  paused: z.boolean({ error: 'paused must be true or false' }),
  message: z.string().trim().min(1).max(500, 'message must be at most 500 characters').optional(),
});

@Controller()
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Get('api/intake') @Doc({ summary: 'Whether public reporting is open, and the message to show when paused' })
  state() { return this.intake.state(); }

  @Put('api/admin/intake') @Roles('admin')
  @Doc({ summary: 'Pause or resume public reporting, with a message for the form', body: IntakeSwitch })
  set(@Caller() who: Caller, @Body(parse(IntakeSwitch)) body: z.output<typeof IntakeSwitch>) { return this.intake.setPaused(body.paused, body.message, who); }
}
