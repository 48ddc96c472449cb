// Starts the telegram-test-api Bot API emulator for the Python tests.
// Usage: node emulator.js PORT   (prints "ready <url>" once listening; stops on SIGTERM/stdin end)
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });

async function stop() {
  await server.stop();
  process.exit(0);
}

server.start().then(
  () => process.stdout.write(`ready ${server.config.apiURL}\n`),
  (error) => {
    process.stderr.write(`emulator failed to start: ${error}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// If the test process dies without killing us, its end of the pipe closes: stop too.
process.stdin.on('end', stop);
process.stdin.resume();
