import { launchdPlatform } from './launchd-agent.js';
import type { ServicePlatform } from './service-platform.js';
import { systemdPlatform } from './systemd-user-unit.js';
import { windowsPlatform } from './windows-task.js';

/** This operating system's login service for the companion whose home is `home`. */
export function loginService(home: string, platform: NodeJS.Platform = process.platform): ServicePlatform {
  if (platform === 'linux') return systemdPlatform();
  if (platform === 'darwin') return launchdPlatform();
  if (platform === 'win32') return windowsPlatform(home);
  throw new Error(`leo service does not know how to start a program at login on ${platform}; run leo start from your session's startup instead.`);
}
