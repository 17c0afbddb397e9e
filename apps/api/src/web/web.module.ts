import { Module } from '@nestjs/common';
import { AssetRegistry } from './assets/asset-registry';
import { AssetsController } from './assets/assets.controller';
import { CsrfGuard, CsrfTokens } from './http/csrf';
import { WebKeys } from './http/web-keys';
import { WebResponder } from './http/web-responder';
import { WebPages } from './web-pages';

/**
 * What every family of pages shares: the static files (Designsystemet, fonts, our CSS), the
 * layout's view model, the responder (headers, cookies, platform-neutral answers), signing keys
 * and CSRF tokens. Page families (the applicant's pages; the console next) import it.
 */
@Module({
  controllers: [AssetsController],
  providers: [AssetRegistry, WebPages, WebResponder, WebKeys, CsrfTokens, CsrfGuard],
  exports: [AssetRegistry, WebPages, WebResponder, WebKeys, CsrfTokens, CsrfGuard],
})
export class WebModule {}
