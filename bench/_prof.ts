import { startBenchStack, timedCall } from './bench-stack.js';
const stack = await startBenchStack({ LEO_CACHE: 'off' });
const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Give me one sentence about caching.' }], stream: process.env.SSE === '1' });
for (let i = 0; i < 200; i++) await timedCall(stack.proxy, body);
const t: number[] = []; const d: number[] = [];
for (let b = 0; b < 6; b++) {
  for (let i = 0; i < 300; i++) d.push((await timedCall(stack.direct, body)).ms);
  for (let i = 0; i < 300; i++) t.push((await timedCall(stack.proxy, body)).ms);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('direct', med(d).toFixed(3), 'proxy', med(t).toFixed(3), 'added', (med(t) - med(d)).toFixed(3));
await stack.close();
