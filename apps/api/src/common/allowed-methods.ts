import type { Request } from 'express';
import { METHODS } from 'node:http';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * The methods the app's routes accept for `path`, read from Express's route table, so an
 * unknown method on a known path answers 405 with `Allow` rather than 404. Routes that accept
 * every method (Nest's not-found handlers, registered with `all`) do not count.
 */
export function allowedMethods(req: Request, path: string): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    const route = layer.route;
    if (!route || route.methods._all) continue;
    const accepted = Object.entries(route.methods)
      .filter(([, on]) => on)
      .map(([method]) => method.toUpperCase());
    if (accepted.length >= METHODS.length) continue;
    if (!layer.match(path)) continue;
    for (const method of accepted) methods.add(method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
