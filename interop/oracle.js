// The real taskcluster-client and hawk, answering one JSON request per line on stdin with one JSON
// line on stdout. Taskgate's Java tests drive it to check that both sides sign and verify alike.
'use strict';
const http = require('http');
const readline = require('readline');
const hawk = require('hawk');
const taskcluster = require('taskcluster-client');

const { Auth } = taskcluster.clients;

// What taskcluster-client really sends: point it at a loopback listener that records the request
// and answers {}. Only the client's own bytes matter here.
async function captureRequest({ credentials, authorizedScopes, call, args }) {
  let captured;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      captured = { method: req.method, resource: req.url, host: req.headers.host, authorization: req.headers.authorization, body };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const rootUrl = `http://127.0.0.1:${server.address().port}`;
    const auth = new Auth({ rootUrl, credentials, authorizedScopes, retries: 0 });
    await auth[call](...(args || []));
    return captured;
  } finally {
    server.close();
  }
}

// Calls an Auth API method of a real server; an API error comes back as data, not as a failure.
async function callAuth({ rootUrl, credentials, authorizedScopes, call, args }) {
  const auth = new Auth({ rootUrl, credentials, authorizedScopes, retries: 0 });
  try {
    return { ok: true, value: await auth[call](...(args || [])) };
  } catch (err) {
    return { ok: false, statusCode: err.statusCode, code: err.code, message: err.message };
  }
}

const ops = {
  callAuth,
  tempCreds: ({ issuer, name, scopes, start, expiry }) => taskcluster.createTemporaryCredentials({
    credentials: issuer, clientId: name, scopes, start: new Date(start), expiry: new Date(expiry),
  }),
  signedUrl: ({ rootUrl, credentials, authorizedScopes, expiration }) => {
    const auth = new Auth({ rootUrl, credentials, authorizedScopes });
    return { url: auth.buildSignedUrl(auth.currentScopes, { expiration }) };
  },
  clientRequest: captureRequest,
  hawkHeader: ({ uri, method, id, key, ts, nonce, ext, payload, contentType }) => ({
    header: hawk.client.header(uri, method, {
      credentials: { id, key, algorithm: 'sha256' }, timestamp: ts, nonce, ext, payload, contentType,
    }).header,
  }),
  hawkAuthenticate: async ({ method, resource, host, port, authorization, keys, payload, contentType, now }) => {
    try {
      const { credentials } = await hawk.server.authenticate(
        { method, url: resource, host, port, authorization, contentType },
        id => (keys[id] ? { id, key: keys[id], algorithm: 'sha256' } : undefined),
        { timestampSkewSec: 15 * 60, payload, localtimeOffsetMsec: now ? now - Date.now() : 0 });
      return { ok: true, id: credentials.id };
    } catch (err) {
      return { ok: false, message: err.message };
    }
  },
};

// One request at a time, answered in order.
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', line => {
  queue = queue.then(async () => {
    let reply;
    try {
      const { op, ...args } = JSON.parse(line);
      reply = { result: await ops[op](args) };
    } catch (err) {
      reply = { error: String((err && err.stack) || err) };
    }
    process.stdout.write(JSON.stringify(reply) + '\n');
  });
});
