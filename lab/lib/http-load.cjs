#!/usr/bin/env node
// A steady HTTP client for the lab's traffic (console-agent scenario, demo): LOOPS request loops,
// each a GET on a NEW TCP connection (so IPVS schedules every request), then a pause. One process
// instead of a wget per request: in user-mode Linux every process start costs ~100 ms, which
// capped the old shell loops at ~4 requests/s and left the monitor too few connections to judge
// the scheduler by.
//
// Usage: node http-load.cjs URL HITS_FILE STOP_FILE [LOOPS=2] [PAUSE_MS=50]
// HITS_FILE gets `uniq -c`-style lines ("  12 rs1") every 2 s; "none" counts failed requests.
"use strict";
const http = require("node:http");
const fs = require("node:fs");

const [url, hitsFile, stopFile, loopsArg = "2", pauseArg = "50"] = process.argv.slice(2);
if (!url || !hitsFile || !stopFile) {
  console.error("usage: http-load.cjs URL HITS_FILE STOP_FILE [LOOPS] [PAUSE_MS]");
  process.exit(2);
}
const loops = Number(loopsArg);
const pause = Number(pauseArg);
const hits = new Map();
let stopping = false;

function count(name) {
  hits.set(name, (hits.get(name) ?? 0) + 1);
  return name !== "none";
}

function once(next) {
  // A request can fail twice (response error, then request error): finish it once.
  let finished = false;
  const done = (ok) => {
    if (!finished) {
      finished = true;
      next(ok);
    }
  };
  const req = http.get(url, { agent: false, timeout: 3000 }, (res) => {
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (d) => (body += d));
    res.on("end", () => done(count(res.statusCode === 200 ? body.trim() || "empty" : `http-${res.statusCode}`)));
    res.on("error", () => done(count("none")));
  });
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", () => done(count("none")));
}

function loop() {
  if (stopping) return;
  // Until the director has the VIP every request fails at once: back off rather than spin.
  once((ok) => setTimeout(loop, ok ? pause : 500));
}

function write() {
  const lines = [...hits].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, n]) => `${String(n).padStart(7)} ${name}\n`);
  fs.writeFileSync(`${hitsFile}.tmp`, lines.join(""));
  fs.renameSync(`${hitsFile}.tmp`, hitsFile);
}

const tick = setInterval(() => {
  write();
  if (fs.existsSync(stopFile)) {
    stopping = true;
    clearInterval(tick);
  }
}, 2000);
for (let i = 0; i < loops; i++) loop();
