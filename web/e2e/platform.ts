/**
 * Global setup: the whole local platform (every service and the sandbox in one JVM, as
 * `./lightweight start` runs it) on its fixed ports, with a fresh data directory and a fresh
 * database; stopped again after the last test. The platform must be built already
 * (`./lightweight e2e` builds it).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Every port the local platform takes: gateway, services, sandbox OIDC and payments, SMTP, Kafka. */
const FIXED_PORTS = [...Array.from({ length: 12 }, (_, i) => 8080 + i), 2525, 2526, 9092];
const READY = [8080, 8081, 8082, 8083, 8084].map((port) => `http://localhost:${port}/health/ready`);
const DATABASE = 'lightweight_e2e';
const START_SECONDS = Number(process.env.E2E_START_SECONDS ?? 240);

export default async function startPlatform(): Promise<() => Promise<void>> {
  if (process.env.E2E_PLATFORM === 'running') {
    // against a platform started by hand (./lightweight start), e.g. while writing a test
    await allReady(new Promise(() => {}), 'the terminal that runs it');
    return async () => {};
  }
  for (const built of ['launcher/target/lightweight-launcher.jar', 'web/dist/lightweight/browser/index.html']) {
    if (!existsSync(join(ROOT, built))) {
      throw new Error(`${built} is missing: build first (./lightweight e2e does)`);
    }
  }
  const busy = (await Promise.all(FIXED_PORTS.map(async (port) => ((await listening(port)) ? port : null)))).filter(
    (port) => port !== null,
  );
  if (busy.length > 0) {
    throw new Error(
      `the local platform's fixed ports are in use: ${busy.join(', ')}. ` +
        'Something (./lightweight start, the launcher test) already runs there; stop it, or wait until it ends.',
    );
  }

  const pgUrl = process.env.E2E_PG_URL ?? freshDatabase();
  const data = mkdtempSync(join(tmpdir(), 'lightweight-e2e-'));
  const log = join(data, 'platform.log');
  const out = createWriteStream(log);
  const platform = spawn(join(ROOT, 'lightweight'), ['serve'], {
    cwd: ROOT,
    detached: true, // its own process group, so teardown stops the JVM and nothing else
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LIGHTWEIGHT_DATA: data,
      PG_URL: pgUrl,
      // its own Hazelcast cluster: never joins another platform running on this machine
      CLUSTER_NAME: `lightweight-e2e-${process.pid}`,
    },
  });
  platform.stdout!.pipe(out);
  platform.stderr!.pipe(out);
  const exited = new Promise<number | null>((done) => platform.once('exit', (code) => done(code)));

  const stop = async () => {
    await stopGroup(platform, exited);
    out.end();
    if (!process.env.E2E_KEEP_DATA) {
      rmSync(data, { recursive: true, force: true });
    }
  };
  try {
    await allReady(exited, log);
  } catch (failed) {
    process.env.E2E_KEEP_DATA = '1';
    await stop();
    throw failed;
  }
  return stop;
}

/** `lightweight_e2e`, dropped and created again, so each run starts from empty tables. */
function freshDatabase(): string {
  const url = `postgresql://postgres@127.0.0.1:5432/${DATABASE}`;
  const dropped = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qAtc', `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`], {
    encoding: 'utf8',
  });
  if (dropped.error || dropped.status !== 0) {
    console.warn(`could not drop ${DATABASE} (${dropped.error?.message ?? dropped.stderr.trim()}): reusing it`);
  }
  return url;
}

async function allReady(exited: Promise<number | null>, log: string): Promise<void> {
  const deadline = Date.now() + START_SECONDS * 1000;
  let stopped: number | null | undefined;
  void exited.then((code) => (stopped = code));
  const pending = new Set(READY);
  while (pending.size > 0) {
    if (stopped !== undefined) {
      throw new Error(`the platform stopped (exit ${stopped}) before it was ready; its output: ${log}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`not ready within ${START_SECONDS} s: ${[...pending].join(', ')}; the platform's output: ${log}`);
    }
    for (const url of [...pending]) {
      const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) {
        pending.delete(url);
      }
    }
    await new Promise((tick) => setTimeout(tick, 500));
  }
}

/** SIGTERM (the launcher's shutdown hook closes every service and the sandbox), SIGKILL after 30 s. */
async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

function listening(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      answer(false);
    });
    socket.once('error', () => answer(false));
  });
}
