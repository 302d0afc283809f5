// Issue #19's peer at its best: Ory Polis (@boxyhq/saml-jackson, the version package.json pins) on its in-memory
// engine, one SCIM directory of type okta-scim-v2, behind a plain node:http server instead of Polis's Next.js app.
// Every request under the directory's base goes to directorySyncController.requests.handle exactly as Polis's
// own route pages/api/scim/v2.0/[...directory].ts builds it (path segments, method, parsed body, bearer token,
// count/startIndex/filter/includeMembers), and Polis's status and JSON body go back as that route's
// res.status(status).json(data) sends them. Polis checks the token itself (against the directory's secret).
// No webhook is configured, so Polis's own event callback finds none and skips the delivery; logging is off.
//
// usage: [DB_PAGE_LIMIT=N] node host.mjs PORT (0: a free port). Prints, once the directory exists:
//   serves on port N base http://127.0.0.1:N/api/scim/v2.0/<directory id> token <secret>
import http from 'node:http';
import { controllers } from '@boxyhq/saml-jackson';

const port = Number(process.argv[2] ?? 0);
const scimPath = '/api/scim/v2.0';
const bodyLimit = 1024 * 1024; // Next.js API routes' default bodyParser sizeLimit, 1mb

let handle = null; // directorySyncController.requests.handle, once Polis is ready

// Next.js's body parser: JSON for application/json and application/ld+json, otherwise the text; then Polis's
// lib/utils bodyParser: the text parsed when it is a JSON object, else as it is
function parseBody(contentType, text) {
  const type = (contentType || 'text/plain').split(';')[0].trim().toLowerCase();
  let body = text;
  if (type === 'application/json' || type === 'application/ld+json') {
    if (text.length === 0) {
      body = {};
    } else {
      body = JSON.parse(text); // Next.js answers 400 Invalid JSON; the caller does too
    }
  }
  try {
    const json = JSON.parse(body);
    return typeof json === 'object' ? json : body;
  } catch {
    return body;
  }
}

// Polis's lib/auth extractAuthToken
function extractAuthToken(req) {
  const parts = (req.headers.authorization || '').split(' ');
  return parts.length > 1 ? parts[1] : null;
}

// Next.js's answer to a request its route does not take or that fails: the status and a line of text
function fail(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(message) });
  res.end(message);
}

// res.status(status).json(data) of a Next.js API route (without the ETag Next.js also computes)
function send(res, status, data) {
  if (data === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(data);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function route(req, res, text) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (!url.pathname.startsWith(scimPath + '/')) {
    fail(res, 404, 'Not found');
    return;
  }
  if (handle === null) {
    fail(res, 503, 'Starting');
    return;
  }
  let body;
  try {
    body = parseBody(req.headers['content-type'], text);
  } catch {
    fail(res, 400, 'Invalid JSON');
    return;
  }
  const segments = url.pathname.slice(scimPath.length + 1).split('/').filter((s) => s !== '')
    .map(decodeURIComponent);
  const [directoryId, path, resourceId] = segments;
  const query = url.searchParams;
  const request = {
    body,
    method: req.method,
    directoryId,
    resourceId,
    resourceType: path,
    apiSecret: extractAuthToken(req),
    query: {
      count: query.get('count') ? parseInt(query.get('count')) : undefined,
      startIndex: query.get('startIndex') ? parseInt(query.get('startIndex')) : undefined,
      filter: query.get('filter') ?? undefined,
      includeMembers: query.get('includeMembers') === 'true',
    },
  };
  const { status, data } = await handle(request);
  send(res, status, data);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= bodyLimit) chunks.push(chunk);
  });
  req.on('end', () => {
    if (size > bodyLimit) {
      fail(res, 413, 'Body exceeded 1mb limit');
      return;
    }
    route(req, res, Buffer.concat(chunks).toString('utf8')).catch((err) => {
      // as Next.js does with a route that throws: 500, and the error in the log
      console.error(err);
      if (!res.headersSent) fail(res, 500, 'Internal Server Error');
      else res.end();
    });
  });
});

server.listen(port, '127.0.0.1', async () => {
  const actual = server.address().port;
  const quiet = () => {};
  const { directorySyncController } = await controllers({
    externalUrl: `http://127.0.0.1:${actual}`,
    samlPath: '/api/oauth/saml',
    scimPath,
    // DB_PAGE_LIMIT as Polis's lib/env.ts reads it: the most users a list answers (50 unset); no write reads it
    db: { engine: 'mem', pageLimit: process.env.DB_PAGE_LIMIT ? Number(process.env.DB_PAGE_LIMIT) : undefined },
    noAnalytics: true,
    // logging off: Polis logs "Webhook not configured for directory ... Skipping ..." on every write with no
    // webhook; other errors still go to stderr
    logger: {
      info: quiet,
      warn: quiet,
      error: (message, ...rest) => {
        if (!String(message).startsWith('Webhook not configured')) console.error(message, ...rest);
      },
    },
  });
  const { data: directory, error } = await directorySyncController.directories.create({
    name: 'Acme',
    tenant: 'acme.example',
    product: 'roster-bench',
    type: 'okta-scim-v2',
  });
  if (error) {
    console.error('could not create the directory:', error);
    process.exit(1);
  }
  handle = (request) => directorySyncController.requests.handle(request);
  const base = `http://127.0.0.1:${actual}${directory.scim.path}`;
  console.log(`serves on port ${actual} base ${base} token ${directory.scim.secret}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
