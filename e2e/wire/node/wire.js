// Drives nulab's official v2 client, npm backlog-js (pinned by
// package-lock.json), against the recording server of e2e/wire: one call per
// case of the JSON file argv[3], in order. Every request carries the case's
// name in X-Wire-Case so the recorder can file it.
//
//   node wire.js <base URL of the recorder> <cases.json>
//
// Each case is {"name", "method", "args"}: backlog[method](...args).
// Exit 0 when every call got its answer; 1 with the failing case otherwise.
'use strict';
const fs = require('fs');
const { Backlog } = require('backlog-js');

const [base, casesFile] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const host = 'wire.backlog.invalid';
let current = '';

const backlog = new Backlog({
  host,
  apiKey: 'wire-api-key',
  fetch: (url, init) => {
    const target = String(url).replace('https://' + host, base);
    const headers = Object.assign({}, init.headers, { 'X-Wire-Case': current });
    return globalThis.fetch(target, Object.assign({}, init, { headers }));
  },
});

(async () => {
  for (const c of cases) {
    current = c.name;
    if (typeof backlog[c.method] !== 'function') {
      console.error(`${c.name}: backlog-js has no method ${c.method}`);
      process.exit(1);
    }
    try {
      await backlog[c.method](...c.args);
    } catch (e) {
      console.error(`${c.name}: ${c.method}: ${e && e.message}`);
      process.exit(1);
    }
  }
})();
