import { browser } from 'wxt/browser';
import { CALL_PORT } from '../lib/call/call-messages';
import { handleCallPort } from '../lib/call/call-port';
import { handleBackgroundRequest } from '../lib/settings/background-requests';
import { handleSettingsWrite, keepSettingsCopy } from '../lib/settings/settings-copy';
import { startEngineFrame } from '../lib/cache/offscreen-engine';
import { acceptEngineChannels, type WorkerScope } from '../lib/cache/engine-channel';

export default defineBackground(() => {
  if (import.meta.env.FIREFOX) startEngineFrame();
  else acceptEngineChannels(self as unknown as WorkerScope);
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === CALL_PORT) handleCallPort(port);
  });
  keepSettingsCopy();
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => handleSettingsWrite(message, sender, sendResponse) || handleBackgroundRequest(message, sender, sendResponse));
});
