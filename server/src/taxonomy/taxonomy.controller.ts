import { Controller, Get, Header } from '@nestjs/common';
import { TAXONOMY } from '@sitroom/shared';
import { Doc } from '../docs/api-doc.decorator.js';

@Controller('api/taxonomy')
export class TaxonomyController {
  @Get() @Header('Cache-Control', 'public, max-age=300') @Doc({ summary: 'Hazards, report categories and resource types' })
  get() { return TAXONOMY; }
}
