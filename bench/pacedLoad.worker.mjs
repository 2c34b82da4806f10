// An open-model load generator on a thread of its own: request i is due at start + i / rate,
// whatever became of the earlier ones, over at most `connections` keep-alive sockets. Latency runs
// from when a request was due, so time spent waiting for a free socket (the API falling behind)
// counts against it. Runs `seconds` and stops by itself; a request still open 10 s after the last
// one was due counts as an error.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const { url, headers, rate, seconds, connections } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const total = Math.round(rate * seconds);
const interval = 1000 / rate;
const latencies = [];
let errors = 0;
let sent = 0;
let done = 0;
const start = performance.now() + 50;

function fire(due) {
  const request = http.get(url, { agent, headers }, (response) => {
    response.resume();
    response.on('end', () => {
      if (response.statusCode >= 200 && response.statusCode < 300) latencies.push(performance.now() - due);
      else errors++;
      finish();
    });
  });
  request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
  request.on('error', () => {
    errors++;
    finish();
  });
}

function finish() {
  done++;
  if (done === total) report();
}

function tick() {
  const now = performance.now();
  while (sent < total && start + sent * interval <= now) {
    fire(start + sent * interval);
    sent++;
  }
  if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : NaN);
  const elapsed = (performance.now() - start) / 1000;
  parentPort.postMessage({ p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN, answered: latencies.length, errors: errors + (total - done), rps: latencies.length / elapsed });
}

setTimeout(tick, 50);
setTimeout(report, seconds * 1000 + 10_000).unref();
