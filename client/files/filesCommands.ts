// The files commands: Upload… (files to where the shell is) and Download… (a file from the host), in the palette.
import type { Command } from '../commands/command.js';

export const FILES_COMMANDS: readonly Command[] = [
  { id: 'files.upload', label: 'Upload…', keys: [], run: (context) => context.tab()?.uploadFiles() },
  { id: 'files.download', label: 'Download…', keys: [], run: (context) => context.tab()?.downloadFile() },
];
