// Type declarations of `seedance-wasm/engine`: the validation and pricing part of the package's
// declarations (index.d.ts), for the validation-only entry.
export {
  init,
  validateRequest,
  estimateCost,
  compareModels,
  listModels,
  SeedanceError,
  isSeedanceError,
} from "./index.js";
export type {
  ApiErrorCode,
  CheckErrorCode,
  ClientErrorCode,
  ErrorCode,
  WarningCode,
  IssueCode,
  Issue,
  ModelId,
  Resolution,
  AspectRatio,
  InputKind,
  GenerateRequest,
  NormalizedRequest,
  CostEstimate,
  ValidationReport,
  ValidateOptions,
  ModelComparison,
  ModelInfo,
  WasmModule,
  InitInput,
  SeedanceErrorDetails,
} from "./index.js";
