// A built site served the way GitHub Pages serves a project: under a path (/kb/), a folder's
// index.html for the folder, and 404.html (with status 404) for any address that is not there.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.xml': 'application/xml',
};

// Resolves to { server, base } once listening on a free port of 127.0.0.1.
function serveSite(site, prefix = '/kb/') {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, file) => {
      res.writeHead(status, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    };
    if (!url.startsWith(prefix)) { res.writeHead(404); return res.end(); }
    let file = path.join(site, url.slice(prefix.length));
    if (!file.startsWith(site)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return send(404, path.join(site, '404.html'));
    send(200, file);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ server, base: 'http://127.0.0.1:' + server.address().port + prefix })));
}

module.exports = { serveSite };
