/* global require, process, setInterval */
/* eslint-disable @typescript-eslint/no-require-imports */
// A worker that takes one job and never finishes it, for the crash-recovery spec: the spec SIGKILLs this
// process while the job is active. Plain JavaScript so it starts without a compile step.
// Env: REDIS_URL, PREFIX, QUEUE, LOCK_MS.
const { Worker } = require('bullmq');

const worker = new Worker(
  process.env.QUEUE,
  async (job) => {
    process.stdout.write(`started ${job.id}\n`);
    await new Promise(() => setInterval(() => undefined, 1000)); // busy forever, lock renewed meanwhile
  },
  {
    connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null },
    prefix: process.env.PREFIX,
    lockDuration: Number(process.env.LOCK_MS),
    stalledInterval: Number(process.env.LOCK_MS),
  },
);
worker.on('error', (error) => process.stderr.write(`worker error: ${error.message}\n`));
worker.waitUntilReady().then(() => process.stdout.write('ready\n'));
