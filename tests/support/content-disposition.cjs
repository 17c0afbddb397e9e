// Jest in ESM mode on Node 20 cannot require() an ES module from CommonJS, which @fastify/static
// (CommonJS, used by the Swagger UI and the queue dashboard for their assets) does with
// content-disposition 3 (ES module only). Node itself can, so only the tests need this stand-in.
// @fastify/static calls it for `reply.download()` alone, which nothing in cardtrail uses: a call
// fails loudly rather than answering something made up.
/* global module */
'use strict';

function unavailable() {
  throw new Error('content-disposition is not loadable under jest (ES module required from CommonJS)');
}

module.exports = { create: unavailable, parse: unavailable };
