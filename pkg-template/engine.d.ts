// Type declarations of `seedance-wasm/engine`: the validation and pricing part of the package's
// declarations (index.d.ts), for the validation-only entry.

export type {
  ApiErrorCode,
  AspectRatio,
  CheckErrorCode,
  ClientErrorCode,
  CostEstimate,
  ErrorCode,
  GenerateRequest,
  InitInput,
  InputKind,
  Issue,
  IssueCode,
  Locale,
  LocaleOptions,
  ModelComparison,
  ModelId,
  ModelInfo,
  NormalizedRequest,
  Resolution,
  SeedanceErrorDetails,
  ValidateOptions,
  ValidationReport,
  WarningCode,
  WasmModule,
} from "./index.js";
export {
  compareModels,
  estimateCost,
  init,
  isSeedanceError,
  listModels,
  SeedanceError,
  validateRequest,
} from "./index.js";
