// Local fakes of outside services that the Worker tests need. The global
// setup starts each one in Node before workerd starts; their URLs (and any
// settings that point the Worker at them) become Worker bindings.
import { startFakeYClients } from "./yclients.js";
import { startFakeYooKassa } from "./yookassa.js";
import { startFakePushService } from "./push-service.js";

export interface StartedFake {
  bindings: Record<string, string>;
  close(): Promise<void>;
}

type Starter = () => Promise<StartedFake>;

/** Each fake used by tests/worker registers its starter here. */
const starters: Starter[] = [startFakeYClients, startFakeYooKassa, () => startFakePushService()];

export async function startFakes(): Promise<StartedFake> {
  const started = await Promise.all(starters.map((start) => start()));
  return {
    bindings: Object.assign({}, ...started.map((s) => s.bindings)),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
