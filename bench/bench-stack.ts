import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runLeo, spawnLeo, stop } from '../tests/helpers/cli-process.js';

/** Where a bench sends calls: the simulator directly, or the companion in front of it. */
export interface Target {
  url: string;
  headers: Record<string, string>;
}

export interface BenchStack {
  direct: Target;
  proxy: Target;
  companionPid: number;
  close(): Promise<void>;
}

const SIMULATOR_KEY = 'sk-bench-0123456789';

/** `leo simulate` and `leo start` as separate processes in a throwaway home, as a user runs them. */
export async function startBenchStack(companionEnv: Record<string, string> = {}): Promise<BenchStack> {
  const home = mkdtempSync(join(tmpdir(), 'leo-bench-'));
  const env = { LEO_HOME: home };
  const [simPort, port] = [await freePort(), await freePort()];
  await runLeo(['keys', 'add', 'openai'], env, SIMULATOR_KEY);
  const sim = await spawnLeo(['simulate', '--port', String(simPort)], env, /SIMULATOR on/);
  const companion = await spawnLeo(['start', '--port', String(port)], { ...env, ...companionEnv, LEO_UPSTREAM_OPENAI: `http://127.0.0.1:${simPort}` }, /Stop with Ctrl\+C/);
  const token = (await runLeo(['token'], env)).stdout.trim();
  return {
    direct: { url: `http://127.0.0.1:${simPort}`, headers: { authorization: `Bearer ${SIMULATOR_KEY}` } },
    proxy: { url: `http://127.0.0.1:${port}`, headers: { authorization: `Bearer ${token}` } },
    companionPid: companion.child.pid!,
    async close() {
      await stop(companion.child);
      await stop(sim.child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export const median = (xs: number[]) => percentile(xs, 0.5);

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One chat completion over a kept-alive connection, timed to the microsecond; resolves with ms and the response headers. */
export function timedCall(target: Target, body: string, headers: Record<string, string> = {}): Promise<{ ms: number; headers: Record<string, unknown> }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const url = new URL(`${target.url}/v1/chat/completions`);
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...target.headers, ...headers } }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
