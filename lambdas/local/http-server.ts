import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemAnswer, problemOf, ProblemError } from '../app/api/problem';
import type { ApiEvent } from '../app/api/router';
import { serveWebSite } from './web-site';

export interface LocalRoute {
  method: string;
  /** Matches the path; the local stack's own endpoints (tokens, object PUTs). */
  match: (path: string) => boolean;
  /** Answers, or throws a ProblemError (anything else thrown is a 500 that names nothing of it). */
  handle: (request: {
    path: string;
    query: URLSearchParams;
    headers: IncomingMessage['headers'];
    body: Buffer;
  }) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  /** Turns a bearer token into the claims API Gateway's JWT authorizer would pass on. */
  verifyToken: (token: string) => Promise<Record<string, string | number> | null>;
  api: (event: ApiEvent) => Promise<APIGatewayProxyStructuredResultV2>;
  localRoutes: LocalRoute[];
  maxBodyBytes: number;
  /** The built web app served at / (web/dist); the API answers under /api as well as at its own paths. */
  webDist?: string;
  /** Told of an error that became a 500 (the client is not). */
  onError?: (error: unknown) => void;
}

/** The web app calls the API under this prefix, as it does through CloudFront on AWS. */
const API_PREFIX = '/api';

/**
 * Serves the API on Node's http module by turning each request into the API Gateway v2
 * event the Lambda receives on AWS, so the same router and handlers answer both.
 */
export function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    // Every error is problem+json, and a 500 reveals nothing of what failed, as on AWS.
    void handle(options, request, response).catch((error: unknown) => {
      const answer = problemAnswer(problemOf(error));
      if (answer.status >= 500) options.onError?.(error);
      if (response.headersSent) return void response.end();
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

async function handle(options: HttpServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = (request.method ?? 'GET').toUpperCase();
  const viaPrefix = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
  if (viaPrefix) url.pathname = url.pathname.slice(API_PREFIX.length) || '/';
  else if (options.webDist && serveWebSite(options.webDist, method, url.pathname, request.headers, response)) return;
  const body = await readBody(request, options.maxBodyBytes);
  if (body === null) {
    throw new ProblemError('payload-too-large', `the body is larger than ${options.maxBodyBytes} bytes`);
  }

  const local = options.localRoutes.find((r) => r.method === method && r.match(url.pathname));
  if (local) {
    const result = await local.handle({ path: url.pathname, query: url.searchParams, headers: request.headers, body });
    if (Buffer.isBuffer(result.body)) {
      // A file (an export download): its bytes as they are, with the route's headers.
      response.writeHead(result.status, result.headers);
      response.end(result.body);
      return;
    }
    send(response, result.status, result.body, result.headers?.['content-type'] ?? 'application/json');
    return;
  }

  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
  );
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const claims = bearer ? await options.verifyToken(bearer) : null;
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined,
    // Base64, as API Gateway passes a body that is not UTF-8 text: a windows-1252 statement keeps its bytes.
    body: body.length > 0 ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      // Unique per request, as API Gateway's: it is the correlation id on the request's log lines.
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  } as unknown as ApiEvent;
  const result = await options.api(event);
  response.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>) });
  response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}

function send(response: ServerResponse, status: number, body: unknown, contentType: string): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
