import { Controller, Get, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentUser, Public } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/jwt';
import { Web, type WebRequest } from '../http/web-request';
import { html } from '../templates/html';
import { ConsoleGuard } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePages } from './console-pages';
import { CONSOLE_PATHS } from './console-site';
import { plainTemplate } from './console.templates';

/**
 * The console's first page: the district overview. `@Public()` only tells the API's bearer-token
 * guard to stand aside; `ConsoleGuard` checks the session cookie's token instead.
 */
@Public()
@ApiExcludeController()
@Controller('console')
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleExceptionFilter)
export class ConsoleOverviewController {
  constructor(private readonly pages: ConsolePages) {}

  @Get()
  overview(@CurrentUser() user: AuthUser, @Web() web: WebRequest, @Query() query: unknown, @Res() res: unknown): void {
    const page = this.pages.request(web, query, user);
    const words = page.words.overview;
    const layout = this.pages.layout(page, { title: words.title, path: CONSOLE_PATHS.overview, section: 'overview' });
    this.pages.render(res, page, 200, plainTemplate({ layout, title: words.title, body: html`` }));
  }
}
