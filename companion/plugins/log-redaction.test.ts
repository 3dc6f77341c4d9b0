import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('what a log line shows of a URL', () => {
  it.each([
    ['/?key=leo-local-123', '/?key=[redacted]'],
    ['/leo/dashboard/open?code=abc&x=1', '/leo/dashboard/open?code=[redacted]&x=1'],
    ['/v1beta/models/m:generateContent?alt=sse&KEY=abc', '/v1beta/models/m:generateContent?alt=sse&KEY=[redacted]'],
    ['/v1/x?api%2Dkey=abc', '/v1/x?api%2Dkey=[redacted]'],
    ['/v1/x?%zz=abc', '/v1/x?%zz=[redacted]'],
    ['/health', '/health'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
