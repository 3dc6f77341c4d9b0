import { browser } from 'wxt/browser';
import { CacheEngine } from '../../lib/cache/cache-engine';
import { CACHE_ENGINE, type EngineRequest } from '../../lib/cache/engine-messages';
import { fromExtensionPage } from '../../lib/settings/extension-sender';
import { CHANNEL_WANTED, offerEngineChannel } from '../../lib/cache/engine-channel';

const engine = new CacheEngine();
engine.warmUp();
const offerChannel = () => void offerEngineChannel((request) => engine.handle(request)).catch(() => undefined);
offerChannel();

browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  if ((message as { target?: unknown } | undefined)?.target === CHANNEL_WANTED.target && fromExtensionPage(sender)) return offerChannel();
  const request = message as EngineRequest | undefined;
  // Only the extension's own pages and worker talk to the engine; a content script's sender is the web page.
  if (request?.target !== CACHE_ENGINE || !fromExtensionPage(sender)) return undefined;
  engine.handle(request).then(sendResponse, (err: Error) => sendResponse({ error: err.message }));
  return true;
});
