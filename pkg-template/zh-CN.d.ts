/**
 * Importing `seedance-wasm/zh-CN` registers the Simplified Chinese messages: then
 * `locale: "zh-CN"` gives every message of the package in Chinese. The Node, Workers and edge
 * entries register them themselves; a page imports this module when it wants Chinese.
 */

/** The English templates of the package's messages and their Chinese ones. */
export const MESSAGES: ReadonlyArray<readonly [english: string, chinese: string]>;

/** The Chinese sentence for an English message of the package, or the message as it is. */
export function translate(message: string): string;
