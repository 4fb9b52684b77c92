import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkUrl, isBlockedAddress, type OutboundOptions, postJson, UnsafeUrlError } from './outbound.ts';

const reason = (r: UnsafeUrlError['reason']) => (err: unknown) => {
  assert.ok(err instanceof UnsafeUrlError, `expected UnsafeUrlError, got ${String(err)}`);
  assert.equal(err.reason, r);
  return true;
};
const code = (c: string) => (err: unknown) => {
  assert.equal((err as { code?: string }).code, c, String(err));
  return true;
};

const blockedLiterals = [
  'http://127.0.0.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0177.0.0.1/',
  'http://127.1/',
  'http://127.0.0.1./',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[0:0:0:0:0:ffff:7f00:1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
  'http://0.0.0.0/',
  'http://[::]/',
  'http://10.0.0.5/',
  'http://172.16.0.1/',
  'http://192.168.1.1:8080/',
  'http://100.64.0.1/',
  'http://[fc00::1]/',
  'http://[64:ff9b::7f00:1]/',
  'https://255.255.255.255/',
];

describe('checkUrl', () => {
  for (const url of blockedLiterals) {
    it(`refuses ${url} unless private targets are allowed`, () => {
      assert.throws(() => checkUrl(url, false), reason('address'));
      assert.equal(checkUrl(url, true).href, new URL(url).href);
    });
  }

  it('refuses localhost and metadata host names', () => {
    for (const url of [
      'http://localhost/',
      'http://LOCALHOST./',
      'http://api.localhost:3000/',
      'http://metadata/computeMetadata/v1/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://metadata.google.internal./',
    ]) {
      assert.throws(() => checkUrl(url, false), reason('address'), url);
    }
    assert.equal(checkUrl('http://localhost:3000/hook', true).port, '3000');
  });

  it('refuses other schemes, credentials, port 0 and garbage', () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://x/']) {
      assert.throws(() => checkUrl(url, true), reason('scheme'), url);
    }
    assert.throws(() => checkUrl('http://user:pw@example.com/', true), reason('credentials'));
    assert.throws(() => checkUrl('https://user@example.com/', true), reason('credentials'));
    assert.throws(() => checkUrl('http://example.com:0/', true), reason('port'));
    for (const url of ['not a url', '', 'http://', 'http://example.com:65536/', 'http://[::1/']) {
      assert.throws(() => checkUrl(url, true), reason('invalid_url'), url);
    }
    assert.throws(() => checkUrl(`https://example.com/${'a'.repeat(2048)}`, false), reason('invalid_url'));
  });

  it('accepts public URLs on any port', () => {
    assert.equal(checkUrl('https://hooks.example.com/rolecraft?x=1', false).hostname, 'hooks.example.com');
    assert.equal(checkUrl('http://93.184.216.34:8080/', false).port, '8080');
    assert.equal(checkUrl('https://[2606:4700::1111]/', false).hostname, '[2606:4700::1111]');
  });
});

describe('isBlockedAddress', () => {
  const table: [string, boolean][] = [
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['2606:4700::1111', false],
    ['[2606:4700::1111]', false],
    ['::ffff:93.184.216.34', false],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['0x7f.1', true],
    ['2130706433', true],
    ['0177.0.0.1', true],
    ['10.1.2.3', true],
    ['172.31.255.255', true],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['224.0.0.1', true],
    ['198.18.0.1', true],
    ['192.0.2.1', true],
    ['240.0.0.1', true],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:a9fe:a9fe', true],
    ['::7f00:1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['ff02::1', true],
    ['64:ff9b::7f00:1', true],
    ['64:ff9b::a00:1', true],
    ['2002:7f00:1::', true],
    ['2001::1', true],
    ['2001:db8::1', true],
    ['example.com', true],
    ['93.184.216.34/127.0.0.1', true],
    ['', true],
  ];
  for (const [address, blocked] of table) {
    it(`${JSON.stringify(address)} → ${blocked ? 'blocked' : 'allowed'}`, () => {
      assert.equal(isBlockedAddress(address), blocked);
    });
  }
});

describe('postJson', () => {
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let connections = 0;
  let port = 0;
  let closedPort = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = new URL(req.url!, 'http://x').pathname;
      if (path === '/ok') {
        res.writeHead(201, { 'content-type': 'text/plain' }).end('received');
      } else if (path === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end('moved');
      } else if (path === '/big') {
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let i = 0; i < 16; i++) res.write(chunk); // 1 MiB
        res.end();
      }
      // '/hang': never answer
    });
  });
  server.on('connection', () => {
    connections++;
  });

  const base = (extra: Partial<OutboundOptions> = {}): OutboundOptions => ({
    allowPrivate: true,
    timeoutMs: 5000,
    maxResponseBytes: 64 * 1024,
    ...extra,
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a name with any blocked address before connecting', async () => {
    const connectionsBefore = connections;
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '127.0.0.1', family: 4 as const },
    ];
    await assert.rejects(
      postJson(`http://evil.example.test:${port}/ok`, '{}', {}, base({ allowPrivate: false, lookup })),
      reason('resolves_to_blocked'),
    );
    const mapped = async () => [{ address: '::ffff:127.0.0.1', family: 6 as const }];
    await assert.rejects(
      postJson(
        `http://evil.example.test:${port}/ok`,
        '{}',
        {},
        base({ allowPrivate: false, lookup: mapped }),
      ),
      reason('resolves_to_blocked'),
    );
    assert.equal(connections, connectionsBefore);
  });

  it('refuses blocked literals and names without DNS or connection', async () => {
    const connectionsBefore = connections;
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    for (const url of [
      `http://127.0.0.1:${port}/ok`,
      `http://0x7f.1:${port}/ok`,
      `http://localhost:${port}/ok`,
    ]) {
      await assert.rejects(postJson(url, '{}', {}, base({ allowPrivate: false, lookup })), reason('address'));
    }
    assert.equal(lookups, 0);
    assert.equal(connections, connectionsBefore);
  });

  it('reports names that do not resolve', async () => {
    await assert.rejects(
      postJson('http://nowhere.example.test/', '{}', {}, base({ lookup: async () => [] })),
      reason('unresolvable'),
    );
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await assert.rejects(
      postJson('http://nowhere.example.test/', '{}', {}, base({ lookup: failing })),
      reason('unresolvable'),
    );
  });

  it('POSTs the body with JSON headers and returns status and body', async () => {
    requests.length = 0;
    const body = JSON.stringify({ type: 'application.created', id: 'é' });
    const result = await postJson(
      `http://127.0.0.1:${port}/ok`,
      body,
      { 'Webhook-Signature': 'v1,abc', Host: 'attacker.test', 'Content-Length': '1' },
      base(),
    );
    assert.equal(result.status, 201);
    assert.equal(result.body, 'received');
    assert.equal(result.truncated, false);
    assert.equal(result.location, undefined);
    assert.ok(result.durationMs >= 0);
    assert.equal(requests.length, 1);
    const seen = requests[0]!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.body, body);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.headers['user-agent'], 'Rolecraft-Webhooks/1');
    assert.equal(seen.headers['webhook-signature'], 'v1,abc');
    assert.equal(seen.headers.host, `127.0.0.1:${port}`);
    assert.equal(seen.headers['content-length'], String(Buffer.byteLength(body)));
  });

  it('connects to the checked address while keeping the registered host name', async () => {
    requests.length = 0;
    const asked: string[] = [];
    const lookup = async (hostname: string) => {
      asked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    const result = await postJson(`http://hooks.example.test:${port}/ok?a=1`, '{}', {}, base({ lookup }));
    assert.equal(result.status, 201);
    assert.deepEqual(asked, ['hooks.example.test']);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.headers.host, `hooks.example.test:${port}`);
    assert.equal(requests[0]!.url, '/ok?a=1');
  });

  it('never reuses a pooled socket opened to another address for the same host name', async () => {
    // A second server on 127.0.0.2 with the same port: same host:port key, different address.
    const other = http.createServer((_req, res) => res.end('wrong address'));
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.2', resolve));
    try {
      // Someone else's keep-alive request through the shared agent leaves a socket to 127.0.0.2 pooled.
      await new Promise<void>((resolve, reject) => {
        http
          .request(
            {
              host: 'pool.example.test',
              path: '/ok',
              port,
              method: 'POST',
              agent: http.globalAgent, // keep-alive by default since Node 19
              lookup: (_h, o, cb) =>
                o.all ? cb(null, [{ address: '127.0.0.2', family: 4 }]) : cb(null, '127.0.0.2', 4),
            },
            (res) => res.resume().on('end', resolve),
          )
          .on('error', reject)
          .end();
      });
      requests.length = 0;
      const lookup = async () => [{ address: '127.0.0.1', family: 4 as const }];
      const result = await postJson(`http://pool.example.test:${port}/ok`, '{}', {}, base({ lookup }));
      assert.equal(result.body, 'received');
      assert.equal(requests.length, 1);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('does not follow redirects', async () => {
    requests.length = 0;
    const result = await postJson(`http://127.0.0.1:${port}/redirect`, '{}', {}, base());
    assert.equal(result.status, 302);
    assert.equal(result.location, `http://127.0.0.1:${port}/ok`);
    assert.equal(result.body, 'moved');
    assert.equal(requests.length, 1);
  });

  it('times out on a server that never answers', async () => {
    await assert.rejects(
      postJson(`http://127.0.0.1:${port}/hang`, '{}', {}, base({ timeoutMs: 300 })),
      code('timeout'),
    );
  });

  it('counts a hanging DNS lookup against the deadline', async () => {
    const lookup = () => new Promise<never>(() => {});
    await assert.rejects(
      postJson('http://slow.example.test/', '{}', {}, base({ timeoutMs: 200, lookup })),
      code('timeout'),
    );
  });

  it('keeps at most maxResponseBytes of a large response', async () => {
    const result = await postJson(`http://127.0.0.1:${port}/big`, '{}', {}, base({ maxResponseBytes: 1000 }));
    assert.equal(result.status, 200);
    assert.equal(result.truncated, true);
    assert.ok(result.body.length <= 1000);
    assert.equal(result.body, 'x'.repeat(1000));
  });

  it('reports a refused connection as a network error', async () => {
    await assert.rejects(postJson(`http://127.0.0.1:${closedPort}/`, '{}', {}, base()), code('network'));
  });
});
