import { browser } from 'wxt/browser';
import { CALL_PORT } from '../lib/call/call-messages';
import { handleCallPort } from '../lib/call/call-port';
import { handleBackgroundRequest } from '../lib/settings/background-requests';
import { startEngineFrame } from '../lib/cache/offscreen-engine';
import { acceptEngineChannels, type WorkerScope } from '../lib/cache/engine-channel';

export default defineBackground(() => {
  if (import.meta.env.FIREFOX) startEngineFrame();
  else acceptEngineChannels(self as unknown as WorkerScope);
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === CALL_PORT) handleCallPort(port);
  });
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => handleBackgroundRequest(message, sender, sendResponse));
});
