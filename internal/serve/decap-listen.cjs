// sitegen serve loads this into decap-server (NODE_OPTIONS=--require):
// decap-server then listens on the Unix socket the preview made for it
// (SITEGEN_DECAP_SOCKET), in a folder only the editor's user may enter,
// instead of a TCP port that every local user and every web page could
// reach. The preview's CMSProxy is the only way to it.
'use strict';
const net = require('net');
const socket = process.env.SITEGEN_DECAP_SOCKET;
if (socket) {
  // Sent when sitegen ends without stopping it (killed): leave no socket
  // folder behind, then end as SIGTERM would.
  process.once('SIGTERM', () => {
    const fs = require('fs');
    const path = require('path');
    for (const f of [socket, __filename]) {
      try { fs.unlinkSync(f); } catch (e) { /* gone already */ }
    }
    try { fs.rmdirSync(path.dirname(socket)); } catch (e) { /* not empty or gone */ }
    process.kill(process.pid, 'SIGTERM');
  });
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const done = args.find((a) => typeof a === 'function');
    return done ? listen.call(this, socket, done) : listen.call(this, socket);
  };
}
