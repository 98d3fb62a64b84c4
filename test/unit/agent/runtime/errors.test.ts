import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../../src/agent/runtime/errors';

describe("the engine's error message", () => {
  it("is the JSON body's message when docker-modem has one, else the error's, without docker-modem's trailing space", () => {
    const modem = Object.assign(new Error('(HTTP code 500) server error - Get "http://localhost:1/v2/": connection refused '), { json: { message: 'manifest unknown ' } });
    expect(messageOf(modem)).toBe('manifest unknown');
    expect(messageOf(new Error('(HTTP code 500) server error - Get "http://localhost:1/v2/": connection refused '))).toBe('(HTTP code 500) server error - Get "http://localhost:1/v2/": connection refused');
    expect(messageOf('plain ')).toBe('plain');
  });
});
