// A TypeScript consumer of `seedance-wasm/engine`: the engine's functions and types resolve
// through engine.d.ts, and the client is not part of this entry.
// biome-ignore-all assist/source/organizeImports: the @ts-expect-error import must stay apart

import type { CostEstimate, ModelInfo, ValidationReport } from "seedance-wasm/engine";
import {
  compareModels,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  SeedanceError,
  validateRequest,
} from "seedance-wasm/engine";
// @ts-expect-error the engine entry has no client
import { SeedanceClient } from "seedance-wasm/engine";

export async function price(prompt: string): Promise<number | null> {
  await init();
  const report: ValidationReport = validateRequest(
    { prompt, model: "seedance-2-mini" },
    { maxCredits: 500 },
  );
  const estimate: CostEstimate = estimateCost({ model: "seedance-2-mini", duration: 8 });
  const models: ModelInfo[] = listModels();
  const cheapest = compareModels({ prompt })
    .filter((c) => c.ok)
    .map((c) => c.estimate?.credits ?? Infinity);
  try {
    estimateCost({ model: "nope" });
  } catch (error) {
    if (isSeedanceError(error) && error instanceof SeedanceError)
      return error.code === "INVALID_MODEL" ? null : 0;
  }
  void SeedanceClient;
  return report.estimate?.credits ?? estimate.credits + models.length + Math.min(...cheapest);
}
