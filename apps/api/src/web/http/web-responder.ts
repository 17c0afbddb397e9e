import { Injectable, type CookieSerializeOptions } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { MessageLanguage } from '@cardtrail/card-lifecycle';
import { documentOf, type Html } from '../templates/html';
import { PAGE_HEADERS } from './security-headers';

export interface CookieToSet {
  name: string;
  value: string;
  options: CookieSerializeOptions;
}

export interface PageAnswer {
  status: number;
  /** The `<html>` element; the doctype is added here. */
  document: Html;
  language: MessageLanguage;
  cookies?: CookieToSet[];
  /** `Retry-After` and the like. */
  headers?: Record<string, string>;
}

/**
 * Writes pages and redirects through Nest's HTTP adapter (status, headers, cookies, body), so
 * the pages run unchanged on Express and on Fastify. Every answer carries the pages' security
 * headers and `Cache-Control: no-store`.
 */
@Injectable()
export class WebResponder {
  constructor(private readonly host: HttpAdapterHost) {}

  page(response: unknown, answer: PageAnswer): void {
    const adapter = this.host.httpAdapter;
    this.common(response, answer.cookies);
    adapter.setHeader(response, 'Content-Type', 'text/html; charset=utf-8');
    adapter.setHeader(response, 'Content-Language', answer.language);
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(response, name, value);
    adapter.reply(response, documentOf(answer.document), answer.status);
  }

  /** 303 See Other: after a form post, the browser GETs `location` (post/redirect/get). */
  redirect(response: unknown, location: string, cookies: CookieToSet[] = []): void {
    this.common(response, cookies);
    this.host.httpAdapter.redirect(response, 303, location);
  }

  private common(response: unknown, cookies: CookieToSet[] = []): void {
    const adapter = this.host.httpAdapter;
    for (const [name, value] of Object.entries(PAGE_HEADERS)) adapter.setHeader(response, name, value);
    for (const cookie of cookies) adapter.setCookie(response, cookie.name, cookie.value, cookie.options);
  }
}
