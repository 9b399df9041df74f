/** Partner names: short identifiers, safe in a route (`/login/:client`), a log line and an environment variable. */
export const CLIENT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
