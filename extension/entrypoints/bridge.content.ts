import { installCallBridge } from '../lib/call/call-bridge';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  // srcdoc, about:blank, data: and blob: frames too, under the origin that made them.
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main() {
    installCallBridge(window);
  },
});
