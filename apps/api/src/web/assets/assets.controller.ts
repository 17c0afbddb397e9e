import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { Public } from '../../auth/auth.decorators';
import { ASSET_HEADERS } from '../http/security-headers';
import { ASSETS_PATH, AssetRegistry } from './asset-registry';

/**
 * The pages' static files, from memory, with fingerprinted names and a year of caching. An unknown
 * name is the API's plain 404.
 */
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly registry: AssetRegistry) {}

  // Fastify's wildcard: the rest of the path is the `*` parameter.
  @Get('*')
  @Header('Cache-Control', ASSET_HEADERS['Cache-Control']!)
  @Header('X-Content-Type-Options', ASSET_HEADERS['X-Content-Type-Options']!)
  @Header('Cross-Origin-Resource-Policy', ASSET_HEADERS['Cross-Origin-Resource-Policy']!)
  file(@Param('*') path: string | string[]): StreamableFile {
    const asset = this.registry.get(`${ASSETS_PATH}/${Array.isArray(path) ? path.join('/') : path}`);
    if (!asset) throw new NotFoundException();
    return new StreamableFile(asset.body, { type: asset.contentType, length: asset.body.length });
  }
}
