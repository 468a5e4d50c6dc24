// A throwaway PostgreSQL server for the tests and the bench: a new cluster in a temporary folder,
// on a free port of 127.0.0.1, trusted for local connections only, stopped and removed afterwards.
// Used by .ci/run (which exports RELEASE_AUDIT_TEST_PG for the whole run), by vitest's global
// setup and by the bench when no server was given. As root it runs the server as the `postgres`
// user (PostgreSQL refuses to run as root).
//
//   node scripts/test-postgres.mjs start FOLDER   prints the admin connection string
//   node scripts/test-postgres.mjs stop FOLDER
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function postgresBin() {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')));
  if (onPath) return onPath;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(debian, version, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb'))) return bin;
  }
  throw new Error('PostgreSQL is not installed: install it (Debian: apt-get install postgresql) or set RELEASE_AUDIT_TEST_PG to a server to test against.');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin, args, options = {}) {
  const command = path.join(postgresBin(), bin);
  // PostgreSQL will not run as root: the Debian package's `postgres` user runs it.
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a new cluster in `folder` (made when missing) and returns its admin connection string. */
export async function startPostgres(folder = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-pg-'))) {
  fs.mkdirSync(folder, { recursive: true });
  const data = path.join(folder, 'data');
  const socketDir = path.join(folder, 'socket');
  fs.mkdirSync(socketDir, { recursive: true });
  if (isRoot()) {
    execFileSync('chown', ['-R', 'postgres', folder]);
    fs.chmodSync(folder, 0o755);
  }
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  // Tuned for tests: no fsync waits on the shared CI disk (the hub's own durability is tested by
  // killing the hub, not the database), and enough connections for the load test.
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${socketDir} -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run('pg_ctl', ['-D', data, '-l', path.join(folder, 'server.log'), '-o', options, '-w', '-t', '120', 'start']);
  fs.writeFileSync(path.join(folder, 'url'), `postgres://postgres@127.0.0.1:${port}/postgres`);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, folder };
}

export function stopPostgres(folder) {
  const data = path.join(folder, 'data');
  if (fs.existsSync(data)) {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
  }
  fs.rmSync(folder, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, folder] = process.argv.slice(2);
  if (command === 'start' && folder) {
    const { url } = await startPostgres(path.resolve(folder));
    process.stdout.write(`${url}\n`);
  } else if (command === 'stop' && folder) {
    stopPostgres(path.resolve(folder));
  } else {
    process.stderr.write('usage: node scripts/test-postgres.mjs start|stop FOLDER\n');
    process.exitCode = 2;
  }
}
