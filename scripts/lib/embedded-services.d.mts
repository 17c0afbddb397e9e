// Types of embedded-services.mjs for the TypeScript that imports it (the jest global setup).
export interface ServiceAddress {
  host: string;
  port: number;
}
export declare const DEFAULT_POSTGRES: ServiceAddress;
export declare const DEFAULT_REDIS: ServiceAddress;
export declare const NO_REDIS_MESSAGE: string;

export type EmbeddedMode = 'auto' | 'always' | 'never';
export declare function embeddedMode(env: Record<string, string | undefined>): EmbeddedMode;
export declare function answers(address: ServiceAddress, timeoutMs?: number): Promise<boolean>;
export declare function planServices(options: {
  env: Record<string, string | undefined>;
  databaseVar?: string;
  redisVar?: string;
  /** Where to probe: the default local ports unless a test says otherwise. */
  defaults?: { postgres: ServiceAddress; redis: ServiceAddress };
}): Promise<{ postgres: boolean; redis: boolean; mode: EmbeddedMode }>;
export declare function findRedisServer(env?: Record<string, string | undefined>): string | null;

export interface EmbeddedService {
  url: string;
  port: number;
  dataDir: string;
}
export interface EmbeddedServices {
  /** The server's URL, database `postgres`. */
  postgres: EmbeddedService | null;
  redis: EmbeddedService | null;
  dataDir: string;
  stop(): Promise<void>;
}
export declare function startEmbeddedServices(options: {
  postgres: boolean;
  redis: boolean;
  dataDir: string;
  persistent: boolean;
  fast?: boolean;
  env?: Record<string, string | undefined>;
  startTimeoutMs?: number;
}): Promise<EmbeddedServices>;
export declare function tail(file: string, lines?: number): string;
