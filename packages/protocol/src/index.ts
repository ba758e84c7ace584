export * from './version.js';
export * from './codes.js';
export * from './limits.js';
export * from './frames.js';
export * from './names.js';
export * from './commands.js';
export * from './decode.js';
export * from './encode.js';
