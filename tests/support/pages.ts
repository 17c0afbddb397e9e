import request from 'supertest';
import type { Server } from 'node:http';

/**
 * Helpers for the page tests (supertest): a browser-like agent keeps cookies between requests;
 * forms are read from the HTML as a browser would (the CSRF field's value).
 */
export type PageAgent = ReturnType<typeof request.agent>;

export function pageAgent(server: Server): PageAgent {
  return request.agent(server);
}

/** The value of the first `<input name="_csrf">` on a page. */
export function csrfTokenOf(html: string): string {
  const match = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

/** Loads `page` (for its form's token), then posts `fields` with it, as a browser submits a form. */
export async function submitForm(
  agent: PageAgent,
  page: string,
  action: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<request.Response> {
  const form = await agent.get(page).set(headers);
  return agent
    .post(action)
    .set(headers)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf(form.text) });
}

/** The text of a page without its markup, for assertions about what a reader sees. */
export function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}
