// The files commands: Upload… and Upload folder… (to where the shell is) and Download… (a file from the host), in the palette.
import type { Command } from '../commands/command.js';

export const FILES_COMMANDS: readonly Command[] = [
  { id: 'files.upload', label: 'Upload…', keys: [], run: (context) => context.tab()?.uploadFiles() },
  { id: 'files.uploadFolder', label: 'Upload folder…', keys: [], run: (context) => context.tab()?.uploadFolder() },
  { id: 'files.download', label: 'Download…', keys: [], run: (context) => context.tab()?.downloadFile() },
];
