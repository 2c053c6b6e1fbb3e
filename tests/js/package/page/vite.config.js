// What the README tells Vite users: keep the package out of the dev server's dependency
// pre-bundling, so `new URL("seedance_wasm_bg.wasm", import.meta.url)` still finds the .wasm.
export default {
  optimizeDeps: { exclude: ["seedance-wasm"] },
};
