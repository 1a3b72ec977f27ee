#!/usr/bin/env node
// The `autopeer` executable: runs the CLI on the process's arguments and exits with its code.
import { runCliAsync } from './program.js';
import { processIo } from './io.js';

process.exitCode = await runCliAsync(process.argv.slice(2), processIo);
