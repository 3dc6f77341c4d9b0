import { intFlag, type CliValues } from '../cli-args.js';
import { startSimulator, type SimulatorOptions } from '../simulator/server.js';

export const DEFAULT_SIMULATOR_PORT = 8090;

export async function runSimulate(values: CliValues): Promise<number> {
  const options: SimulatorOptions = { port: intFlag(values, 'port') ?? DEFAULT_SIMULATOR_PORT };
  const latency = intFlag(values, 'latency-ms');
  const pace = intFlag(values, 'tokens-per-sec');
  if (latency !== undefined) options.latencyMs = latency;
  if (pace !== undefined) options.tokensPerSecond = pace;
  if (values['require-key'] !== undefined) options.requireKey = values['require-key'];
  const sim = await startSimulator(options);
  console.log(`LEO Optima provider SIMULATOR on ${sim.url} — answers are generated locally, not by a real model.

  Speaks OpenAI Chat Completions and Responses, Anthropic Messages and Gemini, streamed and not.
  Use it as the companion's upstream:
    LEO_UPSTREAM_OPENAI=${sim.url} LEO_UPSTREAM_ANTHROPIC=${sim.url} LEO_UPSTREAM_GOOGLE=${sim.url} leo start
  Faults on request: header x-sim-fault: 429|500|503|529|401|cut|hang, or [[sim:429]] in a prompt.
  Stop with Ctrl+C.`);
  await new Promise<void>((done) => {
    const stop = () => void sim.close().finally(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
