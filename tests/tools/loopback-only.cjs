// Preloaded into npm's server-everything in tests: it listens on every interface and has no host option,
// so bind every server it starts to 127.0.0.1 instead.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = args.shift();
    const rest = typeof args[0] === 'string' ? args.slice(1) : args;
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  return listen.apply(this, args);
};
