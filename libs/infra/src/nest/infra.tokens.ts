/** The process's ioredis client (`Redis` from ioredis), for rate limiting and the like. */
export const REDIS = Symbol('REDIS');
/** The process's pino logger (`Logger` from pino). */
export const LOGGER = Symbol('LOGGER');
