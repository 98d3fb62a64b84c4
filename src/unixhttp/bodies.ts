// Reading whole bodies: a request's JSON on the server, a response's text on the client.
import type { Readable } from 'node:stream';
import { BerthError } from '../errors';

/**
 * The request body as JSON. `empty` is what an empty body reads as; without it an empty body is not JSON (400).
 */
export async function readJsonBody(req: Readable, maxBytes: number, empty?: unknown): Promise<unknown> {
  const text = await readLimited(req, maxBytes);
  if (empty !== undefined && text.trim() === '') return empty;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BerthError('BadRequest', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function readLimited(req: Readable, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained, not kept, so the client still reads the 413.
      if (size > maxBytes) reject(new BerthError('PayloadTooLarge', `request body is larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a whole response or request stream as text. */
export function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
