import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const LEO_BIN = resolve(import.meta.dirname, '../../companion/bin/leo.mjs');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface LeoRunner {
  /** Runs `leo ARGS` to completion and returns what it printed. */
  runLeo(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a long-running `leo` command and resolves once it prints `ready` (failing after `timeoutMs`, 20 s unless given). */
  spawnLeo(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number): Promise<{ child: ChildProcess; output: () => string }>;
}

/** Runs the `leo` at `bin`: the checkout's, or one installed from the packed tarball. */
export function leoAt(bin: string, cwd?: string): LeoRunner {
  return {
    runLeo(args, env, stdin) {
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, cwd });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', fail);
        child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(stdin ?? '');
      });
    },
    spawnLeo(args, env, ready, timeoutMs = 20_000) {
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const timer = setTimeout(() => fail(new Error(`leo ${args.join(' ')} did not start:\n${output}`)), timeoutMs);
        const onData = (d: Buffer) => {
          output += d;
          if (ready.test(output)) {
            clearTimeout(timer);
            done({ child, output: () => output });
          }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        child.on('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`leo ${args.join(' ')} exited with ${code}:\n${output}`));
        });
      });
    },
  };
}

export const { runLeo, spawnLeo } = leoAt(LEO_BIN);

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
