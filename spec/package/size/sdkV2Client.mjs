// The official SDK v2 Client, the peer the session's browser size is measured against.
import { Client } from '@modelcontextprotocol/client';

console.log(Client);
