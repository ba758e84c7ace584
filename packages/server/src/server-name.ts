/** Announced in `hello` and /healthz. */
export const SERVER_NAME = 'itmchat-server/0.1.0';
