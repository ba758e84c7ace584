import type { ClientKind } from '../../servers/server-names.js';
import type { ConnectClient } from './bench-client.js';
import { connectBareWs } from './bare-ws-client.js';
import { connectItmchat } from './itmchat-client.js';
import { connectSocketIo } from './socketio-client.js';

export const CONNECT: Record<ClientKind, ConnectClient> = {
  'bare-ws': connectBareWs,
  socketio: connectSocketIo,
  itmchat: connectItmchat,
};
