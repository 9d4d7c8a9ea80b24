#!/usr/bin/env node
// The `longhaul` command: runs the built bridge (see `npm run build`).
import '../dist/server/main.js';
