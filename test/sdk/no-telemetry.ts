/**
 * Silences the telemetry of `flutterwave-node-v3` 1.4.x (v3 spec §10.1, §10.3). Its `utils/logger.js`
 * GETs api.ravepay.co and POSTs to a SigNoz host over `https` whatever base URL the SDK is given, and
 * caches an app id on disk. Once installed, every `require('…/utils/logger')` made from inside the
 * SDK's own files (including `./logger` from utils/error.js) gets a no-op logger with the same
 * exports, so the real module is never evaluated.
 * Nothing else is affected. Install it before the SDK is first required.
 *
 * `FLW_SDK_STATE_PATH` (where the real logger would keep its cache) is pointed at a file in a fresh
 * temporary directory, as a second line of defence and so a test can prove it was never written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** What `flutterwave-node-v3@1.4.1` `utils/logger.js` exports: `{ init, logRequest, logError, logTransaction }`. */
export interface SdkLogger {
  init(): Promise<void>;
  logRequest(): Promise<void>;
  logError(): Promise<void>;
  logTransaction(): Promise<void>;
}

export interface NoTelemetry {
  readonly logger: SdkLogger;
  /** The SDK files that asked for their logger and were handed the no-op one. */
  readonly served: readonly string[];
  /** The value given to `FLW_SDK_STATE_PATH`. */
  readonly statePath: string;
  /** Puts the loader back and removes the temporary directory. Modules already loaded keep the no-op. */
  restore(): void;
}

/** The CommonJS loader's internal entry point, which every `require` goes through. */
interface CjsLoader {
  _load(
    request: string,
    parent: { readonly filename?: string | null } | null | undefined,
    isMain: boolean,
  ): unknown;
}

const SDK_FILE = /[\\/]node_modules[\\/]flutterwave-node-v3[\\/]/;
const SDK_LOGGER = /[\\/]flutterwave-node-v3[\\/]utils[\\/]logger(?:\.js)?$/;

/**
 * Whether an SDK file's `require(request)` names the SDK's logger. Relative requests are resolved
 * against the requiring file: besides `../utils/logger` (lib/) and `../../utils/logger` (services/),
 * `utils/error.js` asks for `./logger`, which a plain "ends with utils/logger" test would let through.
 */
const isSdkLogger = (request: string, from: string): boolean =>
  SDK_FILE.test(from) && request.startsWith('.') && SDK_LOGGER.test(resolve(dirname(from), request));

let installed: NoTelemetry | undefined;

export function silenceFlutterwaveTelemetry(): NoTelemetry {
  if (installed) return installed;

  const stateDir = mkdtempSync(join(tmpdir(), 'baobab-flw-sdk-'));
  const statePath = join(stateDir, 'state.json');
  process.env['FLW_SDK_STATE_PATH'] = statePath;

  const logger: SdkLogger = Object.freeze({
    init: () => Promise.resolve(),
    logRequest: async () => undefined,
    logError: async () => undefined,
    logTransaction: async () => undefined,
  });
  const served: string[] = [];

  // `Module._load` is Node's internal CommonJS loader: not in @types/node, so typed here by hand.
  const loader = Module as unknown as CjsLoader;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with the loader as `this`
  const originalLoad = loader._load;
  loader._load = function loadWithoutTelemetry(this: unknown, request, parent, isMain) {
    const from = parent?.filename ?? '';
    if (isSdkLogger(request, from)) {
      served.push(from);
      return logger;
    }
    return originalLoad.call(this, request, parent, isMain);
  };

  installed = {
    logger,
    served,
    statePath,
    restore() {
      loader._load = originalLoad;
      rmSync(stateDir, { recursive: true, force: true });
      installed = undefined;
    },
  };
  return installed;
}
