import { Controller, Get, Header } from '@nestjs/common';
import { TAXONOMY } from '@sitroom/shared';

@Controller('api/taxonomy')
export class TaxonomyController {
  @Get() @Header('Cache-Control', 'public, max-age=300')
  get() { return TAXONOMY; }
}
