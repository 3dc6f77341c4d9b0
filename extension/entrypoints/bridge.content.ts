import { installCallBridge } from '../lib/call-bridge';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  main() {
    installCallBridge(window);
  },
});
