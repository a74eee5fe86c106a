#!/usr/bin/env node
// `npm start`: build what is missing, then serve API, Socket.IO, GraphQL and the client on one port.
import { ensureBuilt, run } from './lib.mjs';

await ensureBuilt();
process.exit(await run('node', ['server/dist/main.js']));
