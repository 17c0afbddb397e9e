// In ESM mode jest does not inject the `jest` object; a few helpers (fake timers are not used,
// but jest.fn is) expect it on globalThis.
import { jest } from '@jest/globals';

(globalThis as unknown as { jest: typeof jest }).jest = jest;
