import { describe, expect, it } from 'vitest';
import { bridgeSocketUrl } from './browserSocket.js';

describe('bridgeSocketUrl', () => {
  it('uses wss on https and the same host', () => {
    expect(bridgeSocketUrl({ protocol: 'https:', host: 'example.test:8443' })).toBe('wss://example.test:8443/ws');
    expect(bridgeSocketUrl({ protocol: 'http:', host: '127.0.0.1:8022' })).toBe('ws://127.0.0.1:8022/ws');
  });
});
