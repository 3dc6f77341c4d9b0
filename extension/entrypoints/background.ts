import { browser } from 'wxt/browser';
import { CALL_PORT } from '../lib/call-messages';
import { handleCallPort } from '../lib/call-handler';

export default defineBackground(() => {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === CALL_PORT) handleCallPort(port);
  });
});
