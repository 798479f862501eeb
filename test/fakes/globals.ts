import { createFakeServices, type CreateFakeServicesOptions, type FakeServices } from './index';

/**
 * Installs the fakes as the Apps Script globals for a module tested directly (not through the bundle), and
 * returns a function that puts the previous globals back.
 */
export function installGlobals(options: CreateFakeServicesOptions): {
  services: FakeServices;
  restore: () => void;
} {
  const services = createFakeServices(options);
  const saved = new Map(
    Object.keys(services.globals).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]),
  );
  Object.assign(globalThis, services.globals);
  const restore = () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  };
  return { services, restore };
}
