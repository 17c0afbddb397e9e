/**
 * The few HTTP calls the demo makes, on Node's fetch (keep-alive by default). A non-2xx answer
 * becomes a `DemoHttpError` carrying the problem document's type, code and detail, so a failure
 * is reported with what the service said, never swallowed.
 */
export class DemoHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: { type?: string; title?: string; detail?: string; code?: string; cardStatus?: string } | null,
  ) {
    super(`${method} ${path} → ${status} ${problem?.code ?? problem?.type ?? ''}: ${problem?.detail ?? problem?.title ?? 'no detail'}`);
    this.name = 'DemoHttpError';
  }

  /** A refusal by the domain (the event did not fit, or broke a rule), as opposed to a fault. */
  get isRefusal(): boolean {
    return this.status === 409 || this.status === 422;
  }

  /** The same kind of problem groups under one key in the summary. */
  get groupKey(): string {
    const what = this.problem?.code ?? this.problem?.type ?? this.problem?.title ?? '';
    return `${this.status} ${what}`.trim();
  }
}

/** The service could not be reached at all (connection refused, DNS, timeout). */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(`cardtrail is not reachable at ${baseUrl} (${describeCause(cause)})`, { cause });
    this.name = 'ServiceUnreachableError';
  }
}

/** Response times of one kind of request (the route with ids left out). */
export interface LatencyStats {
  route: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export class DemoHttp {
  private readonly timings = new Map<string, number[]>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Response times by route, busiest first. */
  latencies(): LatencyStats[] {
    return [...this.timings.entries()]
      .map(([route, ms]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
        return { route, count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) };
      })
      .sort((a, b) => b.count - a.count);
  }

  async request<T>(method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const route = `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/\?.*$/, '')}`;
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnreachableError(this.baseUrl, error);
    }
    const text = await response.text();
    const ms = performance.now() - startedAt;
    const list = this.timings.get(route);
    if (list) list.push(ms);
    else this.timings.set(route, [ms]);
    if (!response.ok) throw new DemoHttpError(method, path, response.status, parseProblem(text));
    return (text ? JSON.parse(text) : null) as T;
  }
}

function parseProblem(text: string): DemoHttpError['problem'] {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as DemoHttpError['problem']) : null;
  } catch {
    return text ? { detail: text.slice(0, 200) } : null;
  }
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return error instanceof Error ? error.message : String(error);
}
