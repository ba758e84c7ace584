export { connectChat, type ConnectOptions } from './connect.js';
export { ItmchatClient, type ClientOptions } from './itmchat-client.js';
export { ChatClientError } from './client-error.js';
export { applyEvent } from './apply-event.js';
export type { ChatClient, EventOf, Listener } from './chat-client.js';
export type { BridgeEndpoint } from './endpoint.js';
