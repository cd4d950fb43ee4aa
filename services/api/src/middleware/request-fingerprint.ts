import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import multer from 'multer';

/** What identifies a request for idempotency: what it asks for, not how its body happens to be framed. */
export interface FingerprintedRequest {
  method: string;
  /** The path with its query string, as the client sent it. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * A SHA-256 over the method, the URL and the body's content. JSON bodies are compared by value
 * (key order and spacing do not matter); multipart bodies by their fields and the bytes, names and
 * form fields of their files (each client picks its own random boundary, so a retry's raw bytes
 * differ); anything else by its raw bytes.
 *
 * @example
 * const a = await requestFingerprint({ method: 'POST', url: '/v1/demands', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1,"b":2}') });
 * const b = await requestFingerprint({ method: 'POST', url: '/v1/demands', headers: { 'content-type': 'application/json' }, body: Buffer.from('{ "b": 2, "a": 1 }') });
 * a === b // true
 */
export async function requestFingerprint(request: FingerprintedRequest): Promise<string> {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  let content: string;
  if (request.body.length === 0) content = 'empty';
  else if (/^application\/([\w.-]+\+)?json\b/.test(contentType)) content = jsonContent(request.body);
  else if (contentType.startsWith('multipart/form-data')) content = await multipartContent(request.headers, request.body);
  else content = `raw:${sha256(request.body)}`;
  return sha256(JSON.stringify([request.method.toUpperCase(), request.url, content]));
}

function jsonContent(body: Buffer): string {
  try {
    return `json:${sha256(canonicalJson(JSON.parse(body.toString('utf8'))))}`;
  } catch {
    return `raw:${sha256(body)}`;
  }
}

/** JSON with object keys sorted, so equal values serialise equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFile {
  sha256: string;
}

/** A multer storage engine that keeps nothing but each file's hash. */
const hashingStorage: multer.StorageEngine = {
  _handleFile(_req, file, callback) {
    const hash = createHash('sha256');
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    file.stream.on('error', callback);
    file.stream.on('end', () => callback(null, { size, sha256: hash.digest('hex') } as Partial<Express.Multer.File> & HashedFile));
  },
  _removeFile(_req, _file, callback) {
    callback(null);
  },
};

const parseParts = multer({ storage: hashingStorage }).any();

async function multipartContent(headers: IncomingHttpHeaders, body: Buffer): Promise<string> {
  // multer parses a copy of the bytes, so the request itself stays unread for the route's own parser.
  const copy = Object.assign(new PassThrough().end(body), { headers: { ...headers, 'content-length': String(body.length) } });
  const parsed = copy as unknown as Request;
  try {
    await new Promise<void>((resolve, reject) => parseParts(parsed, {} as Response, (error?: unknown) => (error ? reject(error) : resolve())));
  } catch {
    return `raw:${sha256(body)}`;
  }
  const files = ((parsed.files ?? []) as Array<Express.Multer.File & HashedFile>).map((f) => ['file', f.fieldname, f.originalname, f.size, f.sha256]);
  const fields = Object.entries((parsed.body ?? {}) as Record<string, unknown>).map(([name, value]) => ['field', name, value]);
  const parts = [...fields, ...files].map((part) => JSON.stringify(part)).sort();
  return `multipart:${sha256(parts.join('\n'))}`;
}
