// BullMQ baseline for the Scheduler bench: the same number of no-op jobs, the same number of parallel callers and
// the same worker concurrency, against the bench's private Redis. Protocol on stdio, driven by BullMqScenario.cs:
//   -> "ready" after a warm-up   <- "go"   -> one JSON line with the timings   (exits when stdin closes)
// usage: node bullmq-bench.cjs <node_modules dir> <redis port> <jobs> <concurrency> <callers> [warm-up jobs, default 20]
const path = require('path');
const readline = require('readline');
const [modules, port, jobsText, concurrencyText, callersText, warmUpText] = process.argv.slice(2);
const { Queue, Worker } = require(path.join(modules, 'bullmq'));

const jobs = Number(jobsText);
const concurrency = Number(concurrencyText);
const callers = Number(callersText);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };
const warmUp = Number(warmUpText || 20);

async function main() {
  const queue = new Queue('bench', { connection });
  let completed = 0;
  let onTarget = null;
  let target = warmUp;
  // Defaults kept: completed jobs stay in Redis, as Hangfire's succeeded jobs and Scheduler's history do.
  const worker = new Worker('bench', async () => {}, { connection, concurrency });
  worker.on('completed', () => {
    completed++;
    if (completed >= target && onTarget) { const done = onTarget; onTarget = null; done(); }
  });
  worker.on('failed', (_job, err) => console.error('failed', err && err.message));
  await worker.waitUntilReady();

  const reached = () => new Promise(resolve => { onTarget = resolve; if (completed >= target) { onTarget = null; resolve(); } });
  const enqueue = async count => {
    let next = 0;
    await Promise.all(Array.from({ length: callers }, async () => {
      while (next < count) { next++; await queue.add('noop', {}); }
    }));
  };

  await enqueue(warmUp);
  await reached();
  const lines = readline.createInterface({ input: process.stdin });
  const iterator = lines[Symbol.asyncIterator]();
  console.log('ready');
  await iterator.next();

  target = warmUp + jobs;
  const started = process.hrtime.bigint();
  const done = reached();
  await enqueue(jobs);
  const enqueueSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ jobs, seconds, enqueueSeconds }));

  await iterator.next(); // stdin closed or "exit"
  await worker.close();
  await queue.close();
  process.exit(0);
}

main().catch(e => { console.error(e); process.exit(1); });
