/**
 * Importing `seedance-wasm/zh-CN` registers the Simplified Chinese messages: then
 * `locale: "zh-CN"` gives every message of the package in Chinese. The Node, Workers and edge
 * entries register them themselves; a page imports this module when it wants Chinese.
 */

/**
 * A message the package wrote for `locale: "zh-CN"` (tagged while the call ran) in Chinese; any
 * other text as it is. The package calls it itself; exported for tools that keep raw messages.
 */
export function render(message: string): string;
