// The real openid-client and jose against a Taskgate issuer: discovery, a client-credentials grant,
// and verification of the access token against the published JWKS. Takes one JSON object, as the
// first argument or on stdin: {issuer, clientId, clientSecret, auth?: "basic" | "post", audience?, scope?}.
// Prints one JSON line, the token response with the verified payload and header, or {error, ...};
// exits 1 on error, so a caller can tell the two apart without parsing.
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

async function readInput() {
  if (process.argv[2]) {
    return JSON.parse(process.argv[2]);
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
  }
  return JSON.parse(text);
}

async function run({ issuer, clientId, clientSecret, auth = 'basic', audience, scope }) {
  const methods = { basic: client.ClientSecretBasic, post: client.ClientSecretPost };
  if (!methods[auth]) {
    throw new Error(`auth must be basic or post, not ${auth}`);
  }
  // The test server speaks plain HTTP on loopback; openid-client refuses that unless told.
  const config = await client.discovery(new URL(issuer), clientId, { client_secret: clientSecret },
    methods[auth](clientSecret), { execute: [client.allowInsecureRequests] });
  const parameters = {};
  if (audience !== undefined) parameters.audience = audience;
  if (scope !== undefined) parameters.scope = scope;
  const tokens = await client.clientCredentialsGrant(config, parameters);

  const metadata = config.serverMetadata();
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
    issuer,
    audience, // when none was asked for, the caller checks the server's default
    typ: 'at+jwt',
    algorithms: ['ES256'],
  });
  return {
    discovered: { issuer: metadata.issuer, token_endpoint: metadata.token_endpoint, jwks_uri: metadata.jwks_uri },
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    expires_in: tokens.expires_in,
    scope: tokens.scope,
    payload,
    protectedHeader,
  };
}

// The library's own words, plus the OAuth error the server sent, so a test can see which check failed.
// openid-client reports a 401 that carries a WWW-Authenticate challenge (RFC 6749 §5.2 requires one
// after Basic authentication) as WWWAuthenticateChallengeError and leaves the body unread; read it
// here so the {error, error_description} the server sent is reported too.
async function describe(err) {
  const out = { name: err.name, code: err.code, status: err.status, message: err.message };
  let body = err.error !== undefined ? { error: err.error, error_description: err.error_description } : undefined;
  if (err instanceof client.WWWAuthenticateChallengeError) {
    out.challenges = err.cause;
    body = await err.response.json().catch(() => undefined);
  } else if (err.cause instanceof Error) {
    out.cause = err.cause.message;
  }
  if (body?.error !== undefined) {
    out.oauthError = body.error;
    out.oauthErrorDescription = body.error_description;
  }
  out.error = out.oauthError === undefined ? err.message
    : `${err.message}: ${out.oauthError}${out.oauthErrorDescription ? ` (${out.oauthErrorDescription})` : ''}`;
  return out;
}

try {
  console.log(JSON.stringify(await run(await readInput())));
} catch (err) {
  console.log(JSON.stringify(await describe(err)));
  process.exitCode = 1;
}
