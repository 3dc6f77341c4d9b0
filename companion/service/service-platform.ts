import type { ServiceSpec } from './service-spec.js';

/** What the installed service is doing, as far as the platform says. */
export interface ServiceState {
  installed: boolean;
  /** undefined when the platform's service manager cannot be asked (none runs here). */
  running: boolean | undefined;
  detail: string;
}

/** One operating system's way of starting the companion at login. */
export interface ServicePlatform {
  /** What it is called there: "systemd user unit", "launchd agent", "scheduled task". */
  kind: string;
  /** The file that defines the service. */
  file: string;
  render(spec: ServiceSpec): string | Buffer;
  /** Registers the written file and starts it; returns what it did, one line each. */
  activate(): string[];
  /** Stops it and unregisters it; the file is removed by the caller. */
  deactivate(): string[];
  state(): ServiceState;
}

export const SERVICE_DESCRIPTION = 'LEO Optima companion: caches and routes LLM API calls on 127.0.0.1';
