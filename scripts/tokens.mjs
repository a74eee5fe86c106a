#!/usr/bin/env node
// `npm run tokens -- create viewer`: builds the server if needed, then runs its token CLI.
import { ensureBuilt, run } from './lib.mjs';

await ensureBuilt({ client: false });
process.exit(await run('node', ['server/dist/cli/tokens.js', ...process.argv.slice(2)]));
