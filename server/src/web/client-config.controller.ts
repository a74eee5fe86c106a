import { Controller, Get, Header, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Doc } from '../docs/api-doc.decorator.js';

/**
 * What a browser needs to know about this installation's maps. A Mapbox token given here is a
 * public (pk.) token, made to be sent to browsers; without one the client never loads mapbox-gl.
 */
@Controller('api/client-config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get() @Header('Cache-Control', 'no-cache')
  @Doc({ summary: 'Map engine and style for the client: { map: { engine, accessToken?, styleUrl? } }' })
  get() {
    const { MAPBOX_ACCESS_TOKEN: accessToken, MAP_STYLE_URL: styleUrl } = this.config;
    return { map: { engine: accessToken ? 'mapbox' : 'maplibre', ...(accessToken ? { accessToken } : {}), ...(styleUrl ? { styleUrl } : {}) } };
  }
}
