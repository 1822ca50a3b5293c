// The official SDK v1 Client, measured beside v2.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';

console.log(Client);
