import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { cardtrailCss } from './cardtrail-css';

/** The URL path every static file of the pages is served under. */
export const ASSETS_PATH = '/assets';

export interface Asset {
  body: Buffer;
  contentType: string;
}

/** The stylesheets and scripts a page links, in order. */
export interface PageAssets {
  stylesheets: string[];
  scripts: string[];
}

/**
 * Resolves files of installed packages. The built app is CommonJS (`require` exists); under the
 * ESM test runner it does not, and packages resolve from the working directory (the project).
 */
function resolvePackageFile(specifier: string): string {
  const resolver = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
  return resolver.resolve(specifier);
}

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  woff2: 'font/woff2',
};

function contentTypeOf(name: string): string {
  const type = CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)];
  if (!type) throw new Error(`No content type for ${name}`);
  return type;
}

/** `name.ext` → `name.<8 hex of sha256>.ext`: a new file gets a new URL, so it can be cached for a year. */
function fingerprinted(name: string, body: Buffer): string {
  const dot = name.lastIndexOf('.');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 8);
  return `${ASSETS_PATH}/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

/**
 * Every static file the pages use, read once at start and served from memory: Designsystemet's
 * CSS and theme, the Inter font, our stylesheet, and the few modules of designsystemet-web the
 * pages load. Nothing comes from a CDN. Files get fingerprinted names; designsystemet-web's
 * modules import each other by relative path, so they keep their names under a folder named
 * for the package version (which fingerprints them just as well).
 */
@Injectable()
export class AssetRegistry {
  private readonly files = new Map<string, Asset>();
  readonly page: PageAssets;

  constructor() {
    const css = dirname(resolvePackageFile('@digdir/designsystemet-css'));
    const designsystemet = this.add('designsystemet.css', readFileSync(join(css, 'index.css')));
    const theme = this.add('designsystemet-theme.css', readFileSync(resolvePackageFile('@digdir/designsystemet-css/theme')));
    const latin = this.add('inter-latin.woff2', readFileSync(resolvePackageFile('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2')));
    const latinExt = this.add(
      'inter-latin-ext.woff2',
      readFileSync(resolvePackageFile('@fontsource-variable/inter/files/inter-latin-ext-wght-normal.woff2')),
    );
    const own = this.add('cardtrail.css', Buffer.from(cardtrailCss({ latin, latinExt })));
    const errorSummary = this.addDesignsystemetWeb();
    this.page = { stylesheets: [designsystemet, theme, own], scripts: [errorSummary] };
  }

  /** The file at a URL path (`/assets/…`), if it is one of ours. */
  get(path: string): Asset | undefined {
    return this.files.get(path);
  }

  private add(name: string, body: Buffer): string {
    const path = fingerprinted(name, body);
    this.files.set(path, { body, contentType: contentTypeOf(name) });
    return path;
  }

  /**
   * designsystemet-web's ES modules (its `dist/esm`, a few kB each), under
   * `/assets/designsystemet-web-<version>/`. Returns the URL of `<ds-error-summary>`, the only
   * behaviour the pages need script for (moving focus to the error summary).
   */
  private addDesignsystemetWeb(): string {
    const packageJson = resolvePackageFile('@digdir/designsystemet-web/custom-elements.json');
    const root = dirname(packageJson);
    const { version } = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version: string };
    const esm = join(root, 'esm');
    const base = `${ASSETS_PATH}/designsystemet-web-${version}`;
    for (const file of readdirSync(esm, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js')) continue;
      this.files.set(`${base}/${relative(esm, join(esm, file)).split(sep).join('/')}`, {
        body: readFileSync(join(esm, file)),
        contentType: CONTENT_TYPES.js,
      });
    }
    const errorSummary = `${base}/error-summary/error-summary.js`;
    if (!this.files.has(errorSummary)) throw new Error('designsystemet-web has no error-summary module');
    return errorSummary;
  }
}
