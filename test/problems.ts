// Assertions on RFC 9457 answers, shared by the API tests.
import assert from 'node:assert/strict';

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** The answer is problem+json with this status and code; returns the parsed problem. */
export function assertProblem(res: Answer, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const problem = JSON.parse(res.body);
  assert.equal(problem.status, status);
  assert.equal(problem.code, code, res.body);
  return problem;
}

/** A problem without the fields that name the request (to compare two answers byte for byte). */
export function withoutInstance(res: { body: string }) {
  const { instance: _instance, requestId: _requestId, ...rest } = JSON.parse(res.body);
  return rest;
}
