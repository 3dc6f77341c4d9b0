import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CliValues } from '../cli-args.js';
import { configFromFlags } from '../config.js';
import { writeSecretFile } from '../home.js';
import { loginService } from '../service/login-service.js';
import { serviceSpec } from '../service/service-spec.js';

const USAGE = 'leo service install [--home DIR] [--port N] [--upstream provider=url]... | uninstall | status';

/** `leo service install|uninstall|status`: the companion as a service that starts at login. */
export function runService(values: CliValues, [action]: string[]): number {
  const config = configFromFlags(values);
  const service = loginService(config.home);
  switch (action) {
    case 'install': {
      const spec = serviceSpec(config, values.upstream ?? []);
      mkdirSync(dirname(service.file), { recursive: true });
      writeSecretFile(service.file, service.render(spec));
      console.log(`Wrote the ${service.kind}: ${service.file}`);
      console.log(`It runs: ${[spec.node, spec.leo, ...spec.args].join(' ')}`);
      const carried = Object.keys(spec.env);
      if (carried.length) console.log(`With this shell's settings: ${carried.join(', ')}`);
      for (const line of service.activate()) console.log(line);
      console.log(`Its output goes to ${spec.logFile}; leo doctor shows the end of it.`);
      return 0;
    }
    case 'uninstall': {
      if (!existsSync(service.file)) {
        console.log(`No ${service.kind} is installed (${service.file}).`);
        return 0;
      }
      for (const line of service.deactivate()) console.log(line);
      rmSync(service.file);
      console.log(`Removed ${service.file}. Your home and its data stay as they are.`);
      return 0;
    }
    case 'status': {
      const state = service.state();
      console.log(`${service.kind}: ${state.detail}`);
      return state.installed ? 0 : 1;
    }
    default:
      console.error(`Usage: ${USAGE}`);
      return 1;
  }
}
