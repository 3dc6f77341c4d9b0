import { installFetchInterceptor } from '../lib/page/fetch-interceptor';
import { installXhrInterceptor } from '../lib/page/xhr-interceptor';

/** Runs in the page's own world before any page script, so the page's first `fetch` is already ours. */
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  // srcdoc, about:blank, data: and blob: frames too, under the origin that made them.
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main() {
    installFetchInterceptor(window);
    installXhrInterceptor(window);
  },
});
