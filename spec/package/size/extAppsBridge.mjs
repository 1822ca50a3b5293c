// ext-apps' AppBridge alone, the host side the apps entry is built on: the peer its size is read
// against (the rest is ours).
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';

console.log(AppBridge);
